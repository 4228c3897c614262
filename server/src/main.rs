use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    give_back_large_blocks();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("beat: cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        tracing_subscriber::fmt()
            .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
            .init();
        match server::cli::run(server::cli::Cli::parse()).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("beat: {message}");
                std::process::ExitCode::FAILURE
            }
        }
    })
}

/// glibc raises its mmap threshold to the size of any large block it frees (up to 32 MiB).
/// After the first password check, every 19 MiB argon2 buffer (and every import or feed body)
/// then comes from the arenas of whichever threads ran it, which keep it: `make saturation`
/// left the server at 430 MiB for good after a sign-in flood (156 MiB before). A fixed
/// threshold keeps each block over 1 MiB in a mapping of its own, given back when freed:
/// 53 MiB before, 67 MiB after. The cost is mapping fresh pages for each password check.
fn give_back_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; no other thread is running yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
