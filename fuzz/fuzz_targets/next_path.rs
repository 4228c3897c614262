//! Where sign-in sends the browser next (`?next=`): anything accepted stays on this site,
//! as a browser would resolve it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    if let Some(path) = app::redirect::local_path(raw) {
        let base = url::Url::parse("https://beat.test/sign-in").unwrap();
        let resolved = base.join(&path).unwrap_or_else(|e| panic!("{raw:?} -> {path:?}: {e}"));
        assert_eq!(resolved.origin(), base.origin(), "{raw:?} -> {path:?} leaves the site");
        assert!(path.starts_with('/') && !path.starts_with("//"), "{raw:?} -> {path:?}");
    }
});
