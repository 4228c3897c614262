//! The deterministic demo data set for Beat.
//!
//! Everything here is fictional and is clearly marked as demo content in the app: the
//! sources are modelled on real kinds of organisation (police forces, neighbourhood
//! teams, councils and councillors in Greater Manchester and Cardiff), but every update,
//! councillor name, incident reference and figure is invented. Updates are area-level
//! only: no street addresses, postcodes, phone numbers (other than 999 and 101), email
//! addresses, vehicle registrations or names of victims or suspects.
//!
//! Times are relative to load time (`age_minutes` before "now"), and each age is unique
//! so the feed order is the same on every run.

use app::sources::SourceKind;
use app::updates::kind::{Severity, UpdateKind};

/// An organisation or office that publishes updates in the demo set.
pub struct DemoSource {
    /// Stable id, lowercase-kebab, unique.
    pub slug: &'static str,
    /// Display name.
    pub name: &'static str,
    /// What kind of organisation (or office holder) this is.
    pub kind: SourceKind,
    /// The area this source covers (an area code: country, police force area, council or ward).
    pub area: &'static str,
}

/// One demo update.
pub struct DemoUpdate {
    /// Slug of a DemoSource above.
    pub source: &'static str,
    /// What kind of update this is.
    pub kind: UpdateKind,
    /// How much attention it asks for.
    pub severity: Severity,
    /// Headline.
    pub title: &'static str,
    /// Text of the update: one to four sentences, longer for community reporter notes.
    pub body: &'static str,
    /// Area codes the update is published to (usually one).
    pub areas: &'static [&'static str],
    /// How long before "now" (load time) it was published, in minutes. Unique per update so order is deterministic.
    pub age_minutes: i64,
    /// Hours after publication when it expires, if it does (relative to publication). Use None for most.
    pub expires_after_hours: Option<i64>,
}

/// When the demo events happen: (title, days after load day, local start hour, minutes long).
/// Days count from the load day in the event's area, so the times are real future times.
pub const EVENT_TIMES: &[(&str, i64, u32, i64)] = &[
    ("#askGMP live Q&A Thursday 7pm", 3, 19, 60),
    ("Have your say on next year's budget", 5, 18, 90),
    ("Ancoats: community litter pick on Sunday", 6, 10, 120),
    ("Councillor surgery at Central Library", 2, 11, 120),
    ("Beat meeting for City Centre residents", 4, 18, 60),
    ("Councillor surgery this Friday", 5, 14, 90),
    ("Beat meeting: Great Lever", 3, 19, 60),
    ("Live Q&A with Cardiff's local policing commander", 2, 18, 60),
    ("Warm spaces open in libraries and hubs", 1, 9, 480),
    ("Ward surgery at Cathays Library", 4, 10, 120),
];

// Area codes used below (ward codes are current ONS ward codes: WD23 for Greater Manchester,
// WD24 elsewhere).
const GB: &str = "GB";
const GMP: &str = "E23000005"; // Greater Manchester Police force area
const SWP: &str = "W15000003"; // South Wales Police force area
const BOLTON: &str = "E08000001";
const MANCHESTER: &str = "E08000003";
const SALFORD: &str = "E08000006";
const CARDIFF: &str = "W06000015";
const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
const GREAT_LEVER: &str = "E05014824"; // Great Lever (Bolton)
const CATHAYS: &str = "W05001274"; // Cathays (Cardiff)
const ANCOATS: &str = "E05011350"; // Ancoats & Beswick (Manchester)
const ORDSALL: &str = "E05013028"; // Ordsall (Salford)
const EDGELEY: &str = "E05015023"; // Edgeley (Stockport)
const BUTETOWN: &str = "W05001271"; // Butetown (Cardiff)
                                    // Regions of the Tweet-a-thon's other countries (codes from server/data/boundaries/regions).
const NZ_AUCKLAND: &str = "NZ-AUK";
const NZ_BAY_OF_PLENTY: &str = "NZ-BOP";
const AU_NSW: &str = "AUS-2654";
const CA_ONTARIO: &str = "CA-ON";
const SE_STOCKHOLM: &str = "SWE-194";
const IS_CAPITAL_REGION: &str = "ISL-709";
const NL_NOORD_HOLLAND: &str = "NLD-3486";
const FI_UUSIMAA: &str = "FIN-3193";
// Scottish councils with #whatwedo updates of their own.
const GLASGOW: &str = "S12000049";
const HIGHLAND: &str = "S12000017";
const EDINBURGH: &str = "S12000036";
const SHETLAND: &str = "S12000027";

pub const SOURCES: &[DemoSource] = &[
    DemoSource { slug: "gmp", name: "Greater Manchester Police", kind: SourceKind::PoliceForce, area: GMP },
    DemoSource { slug: "south-wales-police", name: "South Wales Police", kind: SourceKind::PoliceForce, area: SWP },
    DemoSource {
        slug: "gmp-city-centre",
        name: "GMP City of Manchester – City Centre neighbourhood team",
        kind: SourceKind::NeighbourhoodTeam,
        area: CITY_CENTRE,
    },
    DemoSource {
        slug: "gmp-bolton-great-lever",
        name: "GMP Bolton – Great Lever neighbourhood team",
        kind: SourceKind::NeighbourhoodTeam,
        area: GREAT_LEVER,
    },
    DemoSource {
        slug: "gmp-salford-ordsall",
        name: "GMP Salford – Ordsall neighbourhood team",
        kind: SourceKind::NeighbourhoodTeam,
        area: ORDSALL,
    },
    DemoSource {
        slug: "gmp-stockport-edgeley",
        name: "GMP Stockport – Edgeley and Cheadle Heath neighbourhood team",
        kind: SourceKind::NeighbourhoodTeam,
        area: EDGELEY,
    },
    DemoSource {
        slug: "swp-cathays-gabalfa",
        name: "South Wales Police – Cathays and Gabalfa neighbourhood",
        kind: SourceKind::NeighbourhoodTeam,
        area: CATHAYS,
    },
    DemoSource {
        slug: "swp-butetown",
        name: "South Wales Police – Butetown neighbourhood",
        kind: SourceKind::NeighbourhoodTeam,
        area: BUTETOWN,
    },
    DemoSource {
        slug: "manchester-city-council",
        name: "Manchester City Council",
        kind: SourceKind::Council,
        area: MANCHESTER,
    },
    DemoSource { slug: "bolton-council", name: "Bolton Council", kind: SourceKind::Council, area: BOLTON },
    DemoSource { slug: "salford-city-council", name: "Salford City Council", kind: SourceKind::Council, area: SALFORD },
    DemoSource { slug: "cardiff-council", name: "Cardiff Council", kind: SourceKind::Council, area: CARDIFF },
    DemoSource {
        slug: "cllr-amina-patel",
        name: "Cllr Amina Patel (City Centre)",
        kind: SourceKind::Councillor,
        area: CITY_CENTRE,
    },
    DemoSource {
        slug: "cllr-joanne-whitfield",
        name: "Cllr Joanne Whitfield (Great Lever)",
        kind: SourceKind::Councillor,
        area: GREAT_LEVER,
    },
    DemoSource {
        slug: "cllr-gareth-lloyd",
        name: "Cllr Gareth Lloyd (Cathays)",
        kind: SourceKind::Councillor,
        area: CATHAYS,
    },
    // ------------------------------------------- #whatwedo: all 32 Scottish councils
    DemoSource {
        slug: "aberdeen-city-council",
        name: "Aberdeen City Council",
        kind: SourceKind::Council,
        area: "S12000033",
    },
    DemoSource {
        slug: "aberdeenshire-council",
        name: "Aberdeenshire Council",
        kind: SourceKind::Council,
        area: "S12000034",
    },
    DemoSource { slug: "angus-council", name: "Angus Council", kind: SourceKind::Council, area: "S12000041" },
    DemoSource {
        slug: "argyll-and-bute-council",
        name: "Argyll and Bute Council",
        kind: SourceKind::Council,
        area: "S12000035",
    },
    DemoSource {
        slug: "city-of-edinburgh-council",
        name: "City of Edinburgh Council",
        kind: SourceKind::Council,
        area: "S12000036",
    },
    DemoSource {
        slug: "clackmannanshire-council",
        name: "Clackmannanshire Council",
        kind: SourceKind::Council,
        area: "S12000005",
    },
    DemoSource {
        slug: "dumfries-and-galloway-council",
        name: "Dumfries and Galloway Council",
        kind: SourceKind::Council,
        area: "S12000006",
    },
    DemoSource {
        slug: "dundee-city-council",
        name: "Dundee City Council",
        kind: SourceKind::Council,
        area: "S12000042",
    },
    DemoSource {
        slug: "east-ayrshire-council",
        name: "East Ayrshire Council",
        kind: SourceKind::Council,
        area: "S12000008",
    },
    DemoSource {
        slug: "east-dunbartonshire-council",
        name: "East Dunbartonshire Council",
        kind: SourceKind::Council,
        area: "S12000045",
    },
    DemoSource {
        slug: "east-lothian-council",
        name: "East Lothian Council",
        kind: SourceKind::Council,
        area: "S12000010",
    },
    DemoSource {
        slug: "east-renfrewshire-council",
        name: "East Renfrewshire Council",
        kind: SourceKind::Council,
        area: "S12000011",
    },
    DemoSource { slug: "falkirk-council", name: "Falkirk Council", kind: SourceKind::Council, area: "S12000014" },
    DemoSource { slug: "fife-council", name: "Fife Council", kind: SourceKind::Council, area: "S12000047" },
    DemoSource {
        slug: "glasgow-city-council",
        name: "Glasgow City Council",
        kind: SourceKind::Council,
        area: "S12000049",
    },
    DemoSource { slug: "highland-council", name: "Highland Council", kind: SourceKind::Council, area: "S12000017" },
    DemoSource { slug: "inverclyde-council", name: "Inverclyde Council", kind: SourceKind::Council, area: "S12000018" },
    DemoSource { slug: "midlothian-council", name: "Midlothian Council", kind: SourceKind::Council, area: "S12000019" },
    DemoSource { slug: "moray-council", name: "Moray Council", kind: SourceKind::Council, area: "S12000020" },
    DemoSource {
        slug: "comhairle-nan-eilean-siar",
        name: "Comhairle nan Eilean Siar",
        kind: SourceKind::Council,
        area: "S12000013",
    },
    DemoSource {
        slug: "north-ayrshire-council",
        name: "North Ayrshire Council",
        kind: SourceKind::Council,
        area: "S12000021",
    },
    DemoSource {
        slug: "north-lanarkshire-council",
        name: "North Lanarkshire Council",
        kind: SourceKind::Council,
        area: "S12000050",
    },
    DemoSource {
        slug: "orkney-islands-council",
        name: "Orkney Islands Council",
        kind: SourceKind::Council,
        area: "S12000023",
    },
    DemoSource {
        slug: "perth-and-kinross-council",
        name: "Perth and Kinross Council",
        kind: SourceKind::Council,
        area: "S12000048",
    },
    DemoSource {
        slug: "renfrewshire-council",
        name: "Renfrewshire Council",
        kind: SourceKind::Council,
        area: "S12000038",
    },
    DemoSource {
        slug: "scottish-borders-council",
        name: "Scottish Borders Council",
        kind: SourceKind::Council,
        area: "S12000026",
    },
    DemoSource {
        slug: "shetland-islands-council",
        name: "Shetland Islands Council",
        kind: SourceKind::Council,
        area: "S12000027",
    },
    DemoSource {
        slug: "south-ayrshire-council",
        name: "South Ayrshire Council",
        kind: SourceKind::Council,
        area: "S12000028",
    },
    DemoSource {
        slug: "south-lanarkshire-council",
        name: "South Lanarkshire Council",
        kind: SourceKind::Council,
        area: "S12000029",
    },
    DemoSource { slug: "stirling-council", name: "Stirling Council", kind: SourceKind::Council, area: "S12000030" },
    DemoSource {
        slug: "west-dunbartonshire-council",
        name: "West Dunbartonshire Council",
        kind: SourceKind::Council,
        area: "S12000039",
    },
    DemoSource {
        slug: "west-lothian-council",
        name: "West Lothian Council",
        kind: SourceKind::Council,
        area: "S12000040",
    },
    // ------------------------------- Tweet-a-thon: the seven other countries' police
    DemoSource {
        slug: "nz-police-counties-manukau",
        name: "NZ Police – Counties Manukau District",
        kind: SourceKind::PoliceForce,
        area: NZ_AUCKLAND,
    },
    DemoSource {
        slug: "nz-police-bay-of-plenty",
        name: "NZ Police – Bay of Plenty District",
        kind: SourceKind::PoliceForce,
        area: NZ_BAY_OF_PLENTY,
    },
    DemoSource { slug: "nsw-police-force", name: "NSW Police Force", kind: SourceKind::PoliceForce, area: AU_NSW },
    DemoSource {
        slug: "toronto-police-service",
        name: "Toronto Police Service",
        kind: SourceKind::PoliceForce,
        area: CA_ONTARIO,
    },
    DemoSource {
        slug: "polisen-stockholm",
        name: "Polisen – Region Stockholm",
        kind: SourceKind::PoliceForce,
        area: SE_STOCKHOLM,
    },
    DemoSource {
        slug: "logreglan-hofudborgarsvaedinu",
        name: "Lögreglan á höfuðborgarsvæðinu",
        kind: SourceKind::PoliceForce,
        area: IS_CAPITAL_REGION,
    },
    DemoSource {
        slug: "politie-amsterdam",
        name: "Politie – Eenheid Amsterdam",
        kind: SourceKind::PoliceForce,
        area: NL_NOORD_HOLLAND,
    },
    DemoSource {
        slug: "helsingin-poliisilaitos",
        name: "Helsingin poliisilaitos",
        kind: SourceKind::PoliceForce,
        area: FI_UUSIMAA,
    },
];

pub const UPDATES: &[DemoUpdate] = &[
    // ---------------------------------------------------------------- GB (national)
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Advisory,
        title: "Scam calls: police and banks will never ask you to move money",
        body: "We are seeing a rise in calls from people pretending to be police officers or bank staff and asking residents to move money to a 'safe account'. No police officer or bank will ever ask you to do this. Hang up, wait five minutes, then call your bank using the number on the back of your card. Report it to Action Fraud or on 101.",
        areas: &[GB],
        age_minutes: 610,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "south-wales-police",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Info,
        title: "Courier fraud: talk to older relatives this week",
        body: "Courier fraud starts with a call claiming your bank card has been cloned, followed by a 'courier' sent to collect it. Have a quick chat with older friends and relatives so they know the warning signs. If it happens, hang up and report it on 101.",
        areas: &[GB],
        age_minutes: 3900,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Greater Manchester Police (force-wide)
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#GMP24: the first hour",
        body: "Our #GMP24 day has started and we will post every call we receive for the next 24 hours. In the first hour the control room took 96 calls, including a burglary in progress in Salford, two concerns for welfare, a lost child found safe in Wigan and a loose horse on a main road near Rochdale.",
        areas: &[GMP],
        age_minutes: 1500,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#GMP24: Call 388 – noise complaint, Oldham",
        body: "Call 388: a neighbour reports loud music in a residential area of Oldham. Not an emergency, so the caller was given advice and passed to the council's noise team. Not every call needs a police car, but every call gets an answer.",
        areas: &[GMP],
        age_minutes: 1380,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#GMP24: Call 741 – shoplifter detained, Stockport",
        body: "Call 741: staff at a supermarket in Stockport have detained a man they suspect of shoplifting. Officers attended, he was arrested and the goods were returned to the shop.",
        areas: &[GMP],
        age_minutes: 1210,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::CallLog,
        severity: Severity::Advisory,
        title: "#GMP24: Call 1,112 – a 999 call from a seven-year-old",
        body: "Call 1,112: a seven-year-old rang 999 because their mum had collapsed at home in the Wigan area. The call handler kept them calm and talking until paramedics arrived. Mum is in hospital and doing well. Well done to a very brave young caller.",
        areas: &[GMP],
        age_minutes: 1050,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::Tally,
        severity: Severity::Info,
        title: "#GMP24 total: 2,481 calls in 24 hours",
        body: "Our #GMP24 day is over. Across Greater Manchester we took 2,481 calls, 831 of them on 999, and officers made 97 arrests. Thank you to everyone who followed along, and to the call handlers who answered every one.",
        areas: &[GMP],
        age_minutes: 960,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::Tally,
        severity: Severity::Info,
        title: "Weekend tally: 143 arrests across Greater Manchester",
        body: "From Friday evening to Sunday morning we made 143 arrests and took 4,310 calls across Greater Manchester, including 38 arrests for drink or drug driving. Please plan your way home before a night out.",
        areas: &[GMP],
        age_minutes: 5200,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::Tally,
        severity: Severity::Advisory,
        title: "Christmas drink-drive campaign: 61 arrests in the first week",
        body: "In the first week of our Christmas drink and drug-driving campaign, 61 drivers were arrested across Greater Manchester. If you are driving, have none for the road. If you think someone is driving under the influence right now, call 999.",
        areas: &[GMP],
        age_minutes: 45,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::Appeal,
        severity: Severity::Warning,
        title: "Appeal after a serious assault on a late-night tram",
        body: "We are appealing for witnesses after a man was seriously assaulted on a late-night tram heading out of the city centre at the weekend. He remains in hospital. If you were travelling that night or have phone footage, call 101 quoting incident 0412, or tell Crimestoppers anonymously.",
        areas: &[GMP],
        age_minutes: 2600,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "#askGMP live Q&A Thursday 7pm",
        body: "The Chief Superintendent for the City of Manchester will answer your questions live on Thursday at 7pm. Send questions in advance with #askGMP or join us on the night. Answers will be posted here afterwards.",
        areas: &[GMP],
        age_minutes: 1700,
        expires_after_hours: Some(96),
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::QaAnswer,
        severity: Severity::Info,
        title: "#askGMP: why do I sometimes wait so long on 101?",
        body: "Q: Why do I sometimes wait a long time when I ring 101? A: 999 calls always come first, so at busy times the 101 queue grows. Most non-emergencies can be reported online, which is often quicker, and the same team reads every report.",
        areas: &[GMP],
        age_minutes: 7300,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::QaAnswer,
        severity: Severity::Info,
        title: "#askGMP: what happens after I report a burglary?",
        body: "Q: What actually happens after I report a burglary? A: An officer will contact you, and forensic staff visit most homes that have been broken into. You will get a crime reference and a named officer in charge, and we will keep you updated if anyone is charged.",
        areas: &[GMP],
        age_minutes: 7250,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Advisory,
        title: "Dark nights: lock up, light up",
        body: "Most winter burglaries happen between 4pm and 8pm, when homes look empty. Put a lamp on a timer switch, lock doors even when you are in, and keep keys well away from the letterbox.",
        areas: &[GMP],
        age_minutes: 4500,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "Extra patrols for the Christmas party season",
        body: "Extra officers will be out in town and city centres across Greater Manchester every Friday and Saturday night until New Year, working with door staff and street pastors. If you feel unsafe on a night out, speak to any officer or member of door staff.",
        areas: &[GMP],
        age_minutes: 3100,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Manchester City Council
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Warning,
        title: "Storm: some Manchester schools closed today",
        body: "Because of high winds from the storm, several schools across Manchester are closed today while buildings are checked. Your school will contact you directly, and the full list is on the council website. Please avoid travelling unless you need to.",
        areas: &[MANCHESTER],
        age_minutes: 180,
        expires_after_hours: Some(24),
    },
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Advisory,
        title: "Gritters out tonight on main routes",
        body: "Gritters will be out from 8pm tonight on priority routes across Manchester as temperatures drop below freezing. Grit bins in residential areas have been refilled. Take care on untreated pavements in the morning.",
        areas: &[MANCHESTER],
        age_minutes: 75,
        expires_after_hours: Some(18),
    },
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "Found: small brown and white terrier",
        body: "A small brown and white terrier, male, wearing a red collar with no tag, was found in the Hulme area on Tuesday and is being looked after at the council's dog warden kennels. If he is yours, contact the dog warden service through the council website with a description.",
        areas: &[MANCHESTER],
        age_minutes: 2300,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "Christmas and New Year bin collections",
        body: "Bin collections will move by one or two days over Christmas and New Year. Check your new collection day on the council website. Extra cardboard can be left flattened beside your recycling bin.",
        areas: &[MANCHESTER],
        age_minutes: 4100,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Have your say on next year's budget",
        body: "Drop-in sessions on the council's budget are being held at libraries across the city over the next fortnight, including Central Library on Saturday morning. Come along, ask questions and tell us your priorities.",
        areas: &[MANCHESTER],
        age_minutes: 6400,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Advisory,
        title: "Expired demo: road closed for the Christmas lights switch-on",
        body: "Roads around the main square in the city centre were closed from 4pm to 10pm for the Christmas lights switch-on, with buses diverted. This demo notice has already expired and should not appear in any feed.",
        areas: &[CITY_CENTRE],
        age_minutes: 4300,
        expires_after_hours: Some(12),
    },
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "City Centre waste collections moving to evenings",
        body: "From next month, household waste collections in the city centre will take place in the evening instead of early morning, to reduce noise for residents. Please put bins out after 5pm on your collection day.",
        areas: &[CITY_CENTRE],
        age_minutes: 8800,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "manchester-city-council",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Ancoats: community litter pick on Sunday",
        body: "Join neighbours and council staff for a community litter pick in the Ancoats area on Sunday morning. Gloves, pickers and bags are provided, and children are welcome with an adult.",
        areas: &[ANCOATS],
        age_minutes: 18000,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Piccadilly (Manchester) ward
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "On patrol at the Christmas markets tonight",
        body: "We will be at the Christmas markets in the city centre from 5pm until close tonight. Come and say hello, pick up a free purse bell, and tell us about anything that is worrying you.",
        areas: &[CITY_CENTRE],
        age_minutes: 12,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#GMP24: Call 57 – concern for welfare, City Centre",
        body: "Call 57: concern for welfare, City Centre – a man found asleep in a doorway in freezing temperatures. Officers attended with outreach workers, and he accepted a bed for the night.",
        areas: &[CITY_CENTRE],
        age_minutes: 1470,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#GMP24: Call 604 – lost phone, City Centre",
        body: "Call 604: a student reports losing their phone on a night out in the city centre. Not a police matter, so they were pointed to lost property services and told how to block the handset. We take calls like this every day.",
        areas: &[CITY_CENTRE],
        age_minutes: 1290,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::CallLog,
        severity: Severity::Advisory,
        title: "#GMP24: Call 903 – fight outside a bar, City Centre",
        body: "Call 903: reports of a fight outside a bar in the city centre. Officers on foot patrol were there in under two minutes. Two men were arrested for affray and one was treated for a cut to the head.",
        areas: &[CITY_CENTRE],
        age_minutes: 1120,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "Weekly update from the City Centre team",
        body: "This week we carried out 40 hours of high-visibility patrols, dealt with 11 reports of shoplifting and checked on rough sleepers with our outreach partners. Thank you to everyone who stopped to talk to us at our market stall.",
        areas: &[CITY_CENTRE],
        age_minutes: 330,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Advisory,
        title: "Dispersal order in place this weekend",
        body: "Following reports of anti-social behaviour by large groups, a dispersal order covers parts of the city centre from Friday 6pm to Sunday 6pm. Officers can direct people to leave the area. Please report anti-social behaviour on 101 or online.",
        areas: &[CITY_CENTRE],
        age_minutes: 2900,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Advisory,
        title: "Cycle thefts: use two good locks",
        body: "We have seen a spike in bikes stolen from racks in the city centre this month. Use two good locks, lock the frame as well as a wheel, and register your bike for free so we can return it if we recover it.",
        areas: &[CITY_CENTRE],
        age_minutes: 1800,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::Appeal,
        severity: Severity::Warning,
        title: "Appeal: phone snatches by riders on e-bikes",
        body: "We are investigating a series of phone snatches by people riding e-bikes in the city centre over the last fortnight. If this happened to you and you have not yet reported it, or you have footage, call 101 quoting incident 0873, or tell Crimestoppers anonymously.",
        areas: &[CITY_CENTRE],
        age_minutes: 800,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::Tally,
        severity: Severity::Info,
        title: "Christmas operation so far: 26 arrests in the city centre",
        body: "Since our Christmas operation started three weeks ago, the City Centre team has made 26 arrests for shoplifting, theft and violence, and recovered more than 40 stolen items. Patrols continue until New Year.",
        areas: &[CITY_CENTRE],
        age_minutes: 3500,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "cllr-amina-patel",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Councillor surgery at Central Library",
        body: "I am holding my monthly surgery at Central Library on Saturday from 10am to noon. No appointment needed: come and raise anything from bins to parking to anti-social behaviour. The City Centre neighbourhood team will join me for the first hour.",
        areas: &[CITY_CENTRE],
        age_minutes: 1900,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Beat meeting for City Centre residents",
        body: "Our next beat meeting for city centre residents is on Wednesday at 6pm in a community room at Central Library. Tell us what you want us to focus on over the next three months.",
        areas: &[CITY_CENTRE],
        age_minutes: 5600,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::QaAnswer,
        severity: Severity::Info,
        title: "#askGMP: what are you doing about e-bikes on pavements?",
        body: "Q: Are you doing anything about e-bikes and e-scooters being ridden on city centre pavements? A: Yes. We seized 23 bikes and scooters this month and run joint patrols with the council. Please report dangerous riding on 101 or online with a time and rough location.",
        areas: &[CITY_CENTRE],
        age_minutes: 7200,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-city-centre",
        kind: UpdateKind::ReporterNote,
        severity: Severity::Info,
        title: "Community reporter: a Saturday night with the City Centre team",
        body: "I spent a Saturday night out with two officers and a PCSO from the City Centre team. What I saw: a lot of walking, a lot of talking to door staff, a young woman who had lost her friends and her phone being helped into a taxi, and a scuffle outside a takeaway calmed down without anyone being arrested. What I made of it: most of the job is quiet prevention that never makes the news, and the officers knew door staff and outreach workers by name. How it made me feel: reassured, honestly, and a bit humbled by how patient they were with people who were not always polite to them. I went home feeling the city centre is safer than its reputation.",
        areas: &[CITY_CENTRE],
        age_minutes: 2500,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Bolton Council
    DemoUpdate {
        source: "bolton-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Warning,
        title: "Storm: a number of Bolton schools closed today",
        body: "Because of storm damage, a number of Bolton schools are closed today. Schools have contacted parents directly. Please avoid travelling unless you need to, and report fallen trees to the council.",
        areas: &[BOLTON],
        age_minutes: 200,
        expires_after_hours: Some(24),
    },
    DemoUpdate {
        source: "bolton-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "Garden waste collections paused for winter",
        body: "Garden waste collections are paused for the winter and restart in March. Please do not put food waste in the garden waste bin in the meantime.",
        areas: &[BOLTON],
        age_minutes: 9600,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "bolton-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "Found: older black Labrador in the Great Lever area",
        body: "A gentle older black Labrador, female, was found wandering in the Great Lever area on Monday morning. She is microchipped but the details are out of date. She is safe with the dog warden; contact the council through its website if you think she is yours.",
        areas: &[GREAT_LEVER],
        age_minutes: 2700,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Great Lever (Bolton) ward
    DemoUpdate {
        source: "gmp-bolton-great-lever",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "Great Lever team: this week",
        body: "This week we focused on speeding and anti-social driving after residents raised it at the last beat meeting. We stopped 14 drivers and seized 3 vehicles for having no insurance. Keep telling us where the problems are.",
        areas: &[GREAT_LEVER],
        age_minutes: 420,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-bolton-great-lever",
        kind: UpdateKind::Appeal,
        severity: Severity::Warning,
        title: "Appeal after a burglary in the Great Lever area",
        body: "A house in the Great Lever area was broken into on Sunday evening while the family were out, and jewellery of great sentimental value was taken. If you saw anyone acting suspiciously or have doorbell footage, call 101 quoting incident 1187, or tell Crimestoppers anonymously.",
        areas: &[GREAT_LEVER],
        age_minutes: 1650,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-bolton-great-lever",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Advisory,
        title: "Catalytic converter thefts: protect your car",
        body: "We have had several catalytic converter thefts in the Great Lever area. Park in a garage or a well-lit spot if you can, ask your garage about a marking kit or protective cover, and call 999 if you hear sawing under a car at night.",
        areas: &[GREAT_LEVER],
        age_minutes: 3300,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-bolton-great-lever",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#GMP24: Call 466 – suspicious car, Great Lever",
        body: "Call 466: a resident reports a car parked with its engine running for an hour in the Great Lever area. Officers checked: a delivery driver on a break. Thanks for calling – we would always rather check.",
        areas: &[GREAT_LEVER],
        age_minutes: 1330,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "cllr-joanne-whitfield",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Councillor surgery this Friday",
        body: "I will be at my regular surgery on Friday from 5pm to 6.30pm at the community centre in Great Lever. Drop in with anything that is worrying you: housing, bins, parking or street lighting.",
        areas: &[GREAT_LEVER],
        age_minutes: 2050,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-bolton-great-lever",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Beat meeting: Great Lever",
        body: "Our next beat meeting is on Tuesday at 6.30pm at the local library. Last time you asked for action on speeding, and we have been out with speed guns every week since. Come and tell us your priorities for the next three months.",
        areas: &[GREAT_LEVER],
        age_minutes: 4700,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-bolton-great-lever",
        kind: UpdateKind::QaAnswer,
        severity: Severity::Info,
        title: "Beat meeting Q&A: who deals with fly-tipping on the back lanes?",
        body: "Q: Who deals with fly-tipping on the back lanes? A: The council clears it and can fine people who dump rubbish; we get involved if a business is doing it or it is linked to other crime. Report it to the council online, with a photo if you can take one safely.",
        areas: &[GREAT_LEVER],
        age_minutes: 5900,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-bolton-great-lever",
        kind: UpdateKind::ReporterNote,
        severity: Severity::Info,
        title: "Community reporter: the school run with the Great Lever team",
        body: "I joined the Great Lever neighbourhood team for the morning school run and an afternoon patrol. What I saw: PCSOs chatting to parents at the school gates about parking, a speed check where most drivers slowed down the moment they saw the hi-vis jackets, and a visit to an older resident who had been targeted by a doorstep trader. What I made of it: the team know the area well and spend a lot of time on small problems that matter to people, like parking and nuisance driving. How it made me feel: more connected to my own neighbourhood. I had never spoken to our PCSOs before, and now I know who to ask.",
        areas: &[GREAT_LEVER],
        age_minutes: 4000,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Other Greater Manchester wards
    DemoUpdate {
        source: "gmp-salford-ordsall",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "Ordsall: a new PCSO joins the team",
        body: "We are pleased to welcome a new PCSO to the Ordsall team. You will see them on foot around the estate and at the school gates this month, so please say hello.",
        areas: &[ORDSALL],
        age_minutes: 6800,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-salford-ordsall",
        kind: UpdateKind::Appeal,
        severity: Severity::Warning,
        title: "Appeal: firework thrown at a bus in Ordsall",
        body: "A firework was thrown at a bus in the Ordsall area on Friday evening, shattering a window. Nobody was hurt, but passengers were badly shaken. If you know who was responsible, call 101 quoting incident 1540, or tell Crimestoppers anonymously.",
        areas: &[ORDSALL],
        age_minutes: 9200,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "salford-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Advisory,
        title: "Recycling centres: Christmas opening hours",
        body: "Household recycling centres in Salford will close early on Christmas Eve and stay closed on Christmas Day, Boxing Day and New Year's Day. Please check opening times on the council website before you travel.",
        areas: &[SALFORD],
        age_minutes: 12500,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-stockport-edgeley",
        kind: UpdateKind::Tally,
        severity: Severity::Info,
        title: "Edgeley and Cheadle Heath: last month in numbers",
        body: "Last month in Edgeley and Cheadle Heath: 9 arrests, 62 reported crimes (down from 78 the month before), 4 drugs warrants carried out and 2 uninsured vehicles seized.",
        areas: &[EDGELEY],
        age_minutes: 14000,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "gmp-stockport-edgeley",
        kind: UpdateKind::ReporterNote,
        severity: Severity::Info,
        title: "Community reporter: a Tuesday afternoon in Edgeley",
        body: "I spent a Tuesday afternoon with the Edgeley and Cheadle Heath team. What I saw: a follow-up visit to a shop that had been targeted by shoplifters, a catch-up with staff at a youth centre, and an hour of paperwork back at the station that nobody ever talks about. What I made of it: the work is far more joined-up than I expected, with officers, council staff and youth workers all sharing what they know. How it made me feel: tired just watching, to be honest, and grateful. I understand now why officers are not always out on the street, because there is a lot of work behind every visit.",
        areas: &[EDGELEY],
        age_minutes: 16500,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- South Wales Police (force-wide)
    DemoUpdate {
        source: "south-wales-police",
        kind: UpdateKind::Tally,
        severity: Severity::Info,
        title: "Weekend in Cardiff: 31 arrests",
        body: "Over the weekend we made 31 arrests in Cardiff, 9 of them for drink or drug driving, and took 1,240 calls across the force area. Thank you to our night-time economy officers and the street pastors.",
        areas: &[SWP],
        age_minutes: 5100,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "south-wales-police",
        kind: UpdateKind::Appeal,
        severity: Severity::Warning,
        title: "Appeal for dashcam footage after a collision",
        body: "We are appealing for dashcam footage after a collision between a car and a cyclist on a main road into Cardiff on Tuesday evening. The cyclist is in hospital with serious injuries. Call 101 quoting occurrence 0629.",
        areas: &[SWP],
        age_minutes: 2450,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "south-wales-police",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Advisory,
        title: "Christmas shopping: keep your bag closed",
        body: "Pickpockets target busy shopping areas in December. Keep bags zipped and in front of you, do not leave phones on cafe tables, and pay contactless where you can.",
        areas: &[SWP],
        age_minutes: 3700,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "south-wales-police",
        kind: UpdateKind::QaAnswer,
        severity: Severity::Info,
        title: "Live Q&A: when should I call 999 rather than 101?",
        body: "Q: When should I call 999 rather than 101? A: Call 999 if a crime is happening now, someone is in danger or you need help urgently. Use 101 or report online for everything else, such as a crime that has already happened where nobody is at risk.",
        areas: &[SWP],
        age_minutes: 8100,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "south-wales-police",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Live Q&A with Cardiff's local policing commander",
        body: "Cardiff's local policing commander will answer your questions live on our social media channels on Wednesday at 7pm. Send your questions in advance or join us on the night.",
        areas: &[SWP],
        age_minutes: 2200,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Cardiff Council
    DemoUpdate {
        source: "cardiff-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Warning,
        title: "Storm: schools closed across Cardiff today",
        body: "Following an amber wind warning, schools across Cardiff are closed today. Check your school's website or app for updates. Please stay away from the waterfront and from parks with large trees.",
        areas: &[CARDIFF],
        age_minutes: 240,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "cardiff-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Advisory,
        title: "Gritting primary routes tonight",
        body: "Our gritters are out on primary routes from 7pm tonight, and a map of the routes is on the council website. Please check on elderly neighbours during the cold snap.",
        areas: &[CARDIFF],
        age_minutes: 95,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "cardiff-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "Found: grey and white lurcher",
        body: "A young, rather nervous grey and white lurcher, male, wearing a blue harness, was found near a park in the north of the city on Wednesday. He is being looked after by the city's dogs home. If he is yours, get in touch through the council website with a description.",
        areas: &[CARDIFF],
        age_minutes: 4800,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "cardiff-council",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Warm spaces open in libraries and hubs",
        body: "Warm spaces are open in libraries and community hubs across Cardiff this winter, with free hot drinks and activities. Everyone is welcome and there is no need to book.",
        areas: &[CARDIFF],
        age_minutes: 11000,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "cardiff-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "Cathays: extra waste collections as students leave",
        body: "Extra collections of black bags and recycling will run in Cathays next week as students move out for the holidays. Please do not leave bags on the pavement before your collection day.",
        areas: &[CATHAYS],
        age_minutes: 3000,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Cathays (Cardiff) ward
    DemoUpdate {
        source: "swp-cathays-gabalfa",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "Update from your Cathays PCSOs",
        body: "This week we dealt with noise complaints from house parties, recovered two stolen bikes and joined the university's safety stall. Thank you to the residents who passed us information about a suspicious van: it led to an arrest.",
        areas: &[CATHAYS],
        age_minutes: 520,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "swp-cathays-gabalfa",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Advisory,
        title: "Going home for Christmas? Take your valuables",
        body: "With students heading home for the holidays, shared houses in Cathays will be empty for weeks. Take laptops and other valuables with you, lock every window, and leave a light on a timer. We will be patrolling extra over the break.",
        areas: &[CATHAYS],
        age_minutes: 2150,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "swp-cathays-gabalfa",
        kind: UpdateKind::Appeal,
        severity: Severity::Warning,
        title: "Appeal: attempted break-ins at shared houses in Cathays",
        body: "We are investigating three attempted break-ins at shared student houses in Cathays over the weekend. If you live in the area and have doorbell or phone footage from late on Saturday night, call 101 quoting reference 0356, or contact Crimestoppers anonymously.",
        areas: &[CATHAYS],
        age_minutes: 1000,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "swp-cathays-gabalfa",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "Call log: Friday night in Cathays",
        body: "Friday night's calls in Cathays: a distressed student locked out in the cold (let back in by a housemate), a noise complaint passed to the council, and a report of a man trying car door handles. Officers attended that last one and a man was arrested.",
        areas: &[CATHAYS],
        age_minutes: 1560,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "cllr-gareth-lloyd",
        kind: UpdateKind::Event,
        severity: Severity::Info,
        title: "Ward surgery at Cathays Library",
        body: "I am holding a ward surgery at Cathays Library on Saturday from 10am. Come and talk about bins, shared-house licensing, parking or anything else. The neighbourhood PCSOs will be there too.",
        areas: &[CATHAYS],
        age_minutes: 1400,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "swp-cathays-gabalfa",
        kind: UpdateKind::QaAnswer,
        severity: Severity::Info,
        title: "PACT meeting Q&A: why don't we see more officers on foot?",
        body: "Q: Why don't we see more officers on foot in Cathays? A: The team is small and covers Cathays and Gabalfa, but we patrol on foot every weekday evening and at weekends during term time. Tell us at PACT meetings where you want us and we will plan patrols around it.",
        areas: &[CATHAYS],
        age_minutes: 6100,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "swp-cathays-gabalfa",
        kind: UpdateKind::ReporterNote,
        severity: Severity::Info,
        title: "Community reporter: an evening patrol in Cathays",
        body: "I went out on an evening patrol with PCSOs from the Cathays and Gabalfa team during the last week of term. What I saw: dozens of students walking home in the dark, officers handing out personal alarms and reminding people to lock their doors, and a noisy party wound down after a polite word. What I made of it: a lot of policing here is about looking after young people living away from home for the first time, and the officers treated it that way. How it made me feel: surprisingly positive. I live in Cathays with students either side of me, and I came away with more sympathy for everyone involved, including the neighbours who have to get up for work.",
        areas: &[CATHAYS],
        age_minutes: 3400,
        expires_after_hours: None,
    },
    // ---------------------------------------------------------------- Other Cardiff wards
    DemoUpdate {
        source: "swp-butetown",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "Butetown: youth football night a success",
        body: "Thank you to the 30 young people who joined our Friday football night with the community centre. We will run it every fortnight through the winter.",
        areas: &[BUTETOWN],
        age_minutes: 10500,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "swp-butetown",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Advisory,
        title: "Butetown: keyless car thefts",
        body: "Keyless car thefts have been reported in the Butetown area. Keep key fobs in a signal-blocking pouch away from the front door, and consider a steering lock.",
        areas: &[BUTETOWN],
        age_minutes: 13200,
        expires_after_hours: None,
    },
    // ------------------------------------------------------- #whatwedo (Scotland)
    DemoUpdate {
        source: "glasgow-city-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "#whatwedo: gritters out on the priority routes",
        body: "Our gritters have been out since four this morning on the priority routes, bus routes and the roads to hospitals. Pavements in the city centre are next. #whatwedo",
        areas: &[GLASGOW],
        age_minutes: 8,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "highland-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Warning,
        title: "Storm: some schools closed today",
        body: "Because of the storm, some schools in Lochaber and Skye are closed today. Head teachers have told parents directly. School transport elsewhere runs as normal but may be late. #whatwedo",
        areas: &[HIGHLAND],
        age_minutes: 27,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "city-of-edinburgh-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Info,
        title: "#whatwedo: a lost dog reunited",
        body: "Our animal welfare officers found a friendly collie wandering in a park this morning. Thanks to her microchip she was back home within the hour. #whatwedo",
        areas: &[EDINBURGH],
        age_minutes: 52,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "shetland-islands-council",
        kind: UpdateKind::CouncilNotice,
        severity: Severity::Advisory,
        title: "Inter-island ferries: weather warning",
        body: "High winds may disrupt inter-island ferry sailings this afternoon. Check before you travel. Our crews are on duty and will post any change here. #whatwedo",
        areas: &[SHETLAND],
        age_minutes: 88,
        expires_after_hours: None,
    },
    // ---------------------------------------------- Tweet-a-thon (other countries)
    DemoUpdate {
        source: "nz-police-counties-manukau",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#tweetathon: noise complaint, Manurewa",
        body: "Call about loud music at a party. Officers attended and the hosts turned it down. No further action. #tweetathon",
        areas: &[NZ_AUCKLAND],
        age_minutes: 18,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "nz-police-bay-of-plenty",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#tweetathon: wandering stock on the highway",
        body: "Cows on the road near Te Puke. Officers and the farmer herded them back into the paddock. #tweetathon",
        areas: &[NZ_BAY_OF_PLENTY],
        age_minutes: 38,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "nsw-police-force",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Info,
        title: "#tweetathon: lock it or lose it",
        body: "Most car break-ins we attend today are cars left unlocked. Take valuables with you and lock up, even on your own driveway. #tweetathon",
        areas: &[AU_NSW],
        age_minutes: 63,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "toronto-police-service",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "#tweetathon: community officers at the school crossing",
        body: "Community officers are at school crossings this morning, reminding drivers to slow down in school zones. #tweetathon",
        areas: &[CA_ONTARIO],
        age_minutes: 101,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "polisen-stockholm",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#tweetathon: bicycle theft reported",
        body: "A resident reported a stolen bicycle at a station. Officers took the report and checked nearby racks. #tweetathon",
        areas: &[SE_STOCKHOLM],
        age_minutes: 115,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "logreglan-hofudborgarsvaedinu",
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        title: "#tweetathon: icy roads this morning",
        body: "Several minor collisions on icy roads this morning, nobody hurt. Allow extra time and check your tyres. #tweetathon",
        areas: &[IS_CAPITAL_REGION],
        age_minutes: 140,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "politie-amsterdam",
        kind: UpdateKind::CallLog,
        severity: Severity::Info,
        title: "#tweetathon: a bicycle in the canal",
        body: "A passer-by saw a bicycle go into a canal. Nobody was on it; officers checked and the owner was found. #tweetathon",
        areas: &[NL_NOORD_HOLLAND],
        age_minutes: 160,
        expires_after_hours: None,
    },
    DemoUpdate {
        source: "helsingin-poliisilaitos",
        kind: UpdateKind::PreventionTip,
        severity: Severity::Info,
        title: "#tweetathon: scam messages in the name of the police",
        body: "We never ask for bank codes by text message. Delete such messages and tell your bank. #tweetathon",
        areas: &[FI_UUSIMAA],
        age_minutes: 190,
        expires_after_hours: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every area code in the shipped hierarchy (countries, forces, councils, regions, wards).
    fn is_known(code: &str) -> bool {
        static CODES: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
        CODES
            .get_or_init(|| {
                let checked = app::areas::hierarchy::read_hierarchy(crate::setup::DEFAULT_HIERARCHY.as_ref()).unwrap();
                let rows = checked.rows.iter().map(|r| r.code.to_string());
                rows.chain(checked.ward_files.iter().flat_map(|(_, w)| w.iter().map(|w| w.code.to_string()))).collect()
            })
            .contains(code)
    }

    #[test]
    fn whatwedo_has_all_32_scottish_councils() {
        let councils: HashSet<&str> = SOURCES
            .iter()
            .filter(|s| s.kind == SourceKind::Council && s.area.starts_with("S12"))
            .map(|s| s.area)
            .collect();
        assert_eq!(councils.len(), 32);
    }

    fn is_expired(u: &DemoUpdate) -> bool {
        matches!(u.expires_after_hours, Some(h) if u.age_minutes > h * 60)
    }

    fn longest_digit_run(s: &str) -> usize {
        let (mut best, mut run) = (0, 0);
        for c in s.chars() {
            if c.is_ascii_digit() {
                run += 1;
                best = best.max(run);
            } else {
                run = 0;
            }
        }
        best
    }

    #[test]
    fn every_kind_and_severity_appears() {
        for kind in UpdateKind::ALL {
            let n = UPDATES.iter().filter(|u| u.kind == *kind).count();
            assert!(n >= 2, "{kind:?} appears {n} times, want at least 2");
        }
        for severity in Severity::ALL {
            assert!(UPDATES.iter().any(|u| u.severity == *severity), "{severity:?} never appears");
        }
        for kind in SourceKind::ALL {
            assert!(SOURCES.iter().any(|s| s.kind == *kind), "no source of kind {kind:?}");
        }
    }

    #[test]
    fn source_slugs_are_unique_kebab_and_areas_known() {
        let mut seen = HashSet::new();
        for s in SOURCES {
            assert!(seen.insert(s.slug), "duplicate source slug {}", s.slug);
            assert!(
                !s.slug.is_empty()
                    && s.slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !s.slug.starts_with('-')
                    && !s.slug.ends_with('-')
                    && !s.slug.contains("--"),
                "slug {} is not lowercase-kebab",
                s.slug
            );
            assert!(is_known(s.area), "source {} has unknown area {}", s.slug, s.area);
        }
    }

    #[test]
    fn every_update_names_a_known_source() {
        for u in UPDATES {
            assert!(
                SOURCES.iter().any(|s| s.slug == u.source),
                "update {:?} names unknown source {}",
                u.title,
                u.source
            );
        }
    }

    #[test]
    fn ages_are_unique_and_in_range() {
        let mut seen = HashSet::new();
        for u in UPDATES {
            assert!(seen.insert(u.age_minutes), "duplicate age_minutes {}", u.age_minutes);
            assert!(
                (5..=20_000).contains(&u.age_minutes),
                "age_minutes {} out of range for {:?}",
                u.age_minutes,
                u.title
            );
        }
    }

    #[test]
    fn no_contact_details_in_text() {
        for u in UPDATES {
            for text in [u.title, u.body] {
                assert!(!text.contains('@'), "'@' in {:?}", u.title);
                assert!(longest_digit_run(text) < 5, "five or more consecutive digits in {:?}", u.title);
                assert!(!text.trim().is_empty(), "empty text in {:?}", u.title);
            }
        }
        for s in SOURCES {
            assert!(!s.name.contains('@') && longest_digit_run(s.name) < 5);
        }
    }

    #[test]
    fn every_area_is_known() {
        for u in UPDATES {
            assert!(!u.areas.is_empty(), "{:?} has no areas", u.title);
            for a in u.areas {
                assert!(is_known(a), "{:?} uses unknown area {a}", u.title);
            }
        }
    }

    #[test]
    fn key_wards_have_four_kinds_of_update() {
        for ward in ["E05011376", "E05014824", "W05001274"] {
            let kinds: HashSet<UpdateKind> =
                UPDATES.iter().filter(|u| !is_expired(u) && u.areas.contains(&ward)).map(|u| u.kind).collect();
            assert!(kinds.len() >= 4, "ward {ward} has only {} kinds", kinds.len());
        }
    }

    #[test]
    fn city_centre_feed_has_a_second_page() {
        let feed = ["E05011376", "E08000003", "E23000005", "GB"];
        let n = UPDATES.iter().filter(|u| !is_expired(u) && u.areas.iter().any(|a| feed.contains(a))).count();
        assert!(n >= 25, "Piccadilly feed has only {n} live updates");
    }

    #[test]
    fn the_expired_demo_item_is_expired_and_few_items_expire() {
        let expired: Vec<_> = UPDATES.iter().filter(|u| is_expired(u)).collect();
        assert!(!expired.is_empty());
        let item = UPDATES
            .iter()
            .find(|u| u.title == "Expired demo: road closed for the Christmas lights switch-on")
            .expect("the expired demo item is present");
        assert!(is_expired(item));
        let expiring = UPDATES.iter().filter(|u| u.expires_after_hours.is_some()).count();
        assert!((3..=5).contains(&expiring), "{expiring} updates expire");
    }

    #[test]
    fn reporter_notes_answer_the_three_prompts() {
        for u in UPDATES.iter().filter(|u| u.kind == UpdateKind::ReporterNote) {
            let words = u.body.split_whitespace().count();
            assert!((80..=150).contains(&words), "{:?} has {words} words", u.title);
            for prompt in ["What I saw", "What I made of it", "How it made me feel"] {
                assert!(u.body.contains(prompt), "{:?} lacks {prompt:?}", u.title);
            }
        }
    }
}
