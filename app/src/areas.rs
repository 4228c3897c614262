//! Areas: real boundaries (ward -> council -> police force area -> country), finding the
//! resident's area from a coarse cell, and picking an area by name.

pub mod api;
pub mod area;
pub mod area_list;
pub mod area_search;
pub mod areas_page;
pub mod cell;
pub mod locate;
pub mod locate_button;

#[cfg(feature = "ssr")]
pub mod hierarchy;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod index;
#[cfg(feature = "ssr")]
pub mod name_search;
#[cfg(feature = "ssr")]
pub mod point_grid;
#[cfg(feature = "ssr")]
pub mod prepared_shape;
#[cfg(feature = "ssr")]
pub mod store;
