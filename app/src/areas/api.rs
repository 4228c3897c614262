//! Server functions for areas. Public HTTP endpoints: every argument is checked here.

use super::area::{AreaContext, AreaSummary};
use super::locate::CellArea;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    super::{area::AreaCode, cell::CellId, store},
    crate::error::with_status,
    crate::state::app_state,
};

/// Longest search text accepted.
pub const MAX_QUERY_CHARS: usize = 60;

/// The wards overlapping a coarse location cell, each clipped to the cell, so the device
/// can pick its own ward. The cell is neither stored nor logged.
#[server(endpoint = "locate")]
pub async fn locate_cell(cell: Option<String>) -> Result<Vec<CellArea>, AppError> {
    with_status(async move {
        let cell = CellId::parse(cell.as_deref().unwrap_or_default()).map_err(AppError::BadRequest)?;
        Ok(app_state()?.areas.current().overlapping(cell.bounds()))
    })
    .await
}

/// For a cell in no ward Beat covers: the country it is in and the numbers to call there,
/// or `None` when Beat does not know that country. The cell is neither stored nor logged.
#[server(endpoint = "country")]
pub async fn country_of_cell(cell: Option<String>) -> Result<Option<AreaContext>, AppError> {
    with_status(async move {
        let cell = CellId::parse(cell.as_deref().unwrap_or_default()).map_err(AppError::BadRequest)?;
        let b = cell.bounds();
        let state = app_state()?;
        let Some(code) = state
            .areas
            .current()
            .country_at((b.min_lon + b.max_lon) / 2.0, (b.min_lat + b.max_lat) / 2.0)
            .map(|c| c.code.clone())
        else {
            return Ok(None);
        };
        store::context(&state.pool, &code).await
    })
    .await
}

/// Areas whose name contains `q` (case-insensitive), at most 20.
#[server(endpoint = "areas_search")]
pub async fn search_areas(q: Option<String>) -> Result<Vec<AreaSummary>, AppError> {
    with_status(async move {
        let q = q.unwrap_or_default();
        let q = q.trim();
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::BadRequest(format!("Search for at most {MAX_QUERY_CHARS} characters.")));
        }
        if q.chars().any(char::is_control) {
            return Err(AppError::BadRequest("The search text has control characters.".into()));
        }
        if q.is_empty() {
            return Ok(Vec::new());
        }
        Ok(app_state()?.areas.current().names().search(q, None, 20))
    })
    .await
}

/// The areas directly under `parent`, or every council when it is empty.
#[server(endpoint = "areas_children")]
pub async fn area_children(parent: Option<String>) -> Result<Vec<AreaSummary>, AppError> {
    with_status(async move {
        let parent = parent
            .filter(|p| !p.trim().is_empty())
            .map(|p| AreaCode::parse(&p))
            .transpose()
            .map_err(AppError::BadRequest)?;
        store::children(&app_state()?.pool, parent.as_ref()).await
    })
    .await
}

/// An area, the areas above it, its time zone and the numbers to call there.
#[server(endpoint = "area")]
pub async fn get_area(code: Option<String>) -> Result<AreaContext, AppError> {
    with_status(async move {
        let code = AreaCode::parse(code.as_deref().unwrap_or_default()).map_err(AppError::BadRequest)?;
        store::context(&app_state()?.pool, &code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no area with code {code}.")))
    })
    .await
}
