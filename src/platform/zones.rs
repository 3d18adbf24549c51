//! Named time zones from the browser's own time-zone database (`Intl`): the
//! offset tables core asks for, and the names the zone picker offers.

use crate::core::time::EpochMs;
use crate::core::time::named::{self, Provider, gmt_offset};
use wasm_bindgen::{JsCast, JsValue};

/// Samples 24 a year: two changes closer than half a month would be missed, and the
/// tzdb has none since 1970 (the closest, Morocco's and Egypt's Ramadan pauses, are
/// about a month apart). Offsets and changes are in whole minutes since 1970.
const STEP_MIN: f64 = 365.25 / 24.0 * 1_440.0;

/// Makes named zones available to core (idempotent).
pub fn install() {
    named::set_provider(Provider { canonical, offsets });
}

/// A formatter that names the offset (`"12/1/2026, GMT+01:00"`) in zone `name`;
/// None when the browser does not know the zone (the constructor throws).
fn formatter(name: &str) -> Option<js_sys::Intl::DateTimeFormat> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"timeZone".into(), &name.into()).ok()?;
    js_sys::Reflect::set(&options, &"timeZoneName".into(), &"longOffset".into()).ok()?;
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args = js_sys::Array::of2(&"en-US".into(), &options);
    Some(
        js_sys::Reflect::construct(&ctor, &args)
            .ok()?
            .unchecked_into(),
    )
}

/// The browser's spelling of zone `name`, if it knows it.
fn canonical(name: &str) -> Option<String> {
    js_sys::Reflect::get(&formatter(name)?.resolved_options(), &"timeZone".into())
        .ok()?
        .as_string()
}

/// Zone `name`'s offset at `from` and its changes in `[from, to)`: sampled, then
/// each change found to the minute by bisection.
fn offsets(name: &str, from: EpochMs, to: EpochMs) -> Option<(i32, Vec<(EpochMs, i32)>)> {
    let format = formatter(name)?.format();
    let date = js_sys::Date::new_0();
    let offset = |minutes: f64| -> Option<i32> {
        date.set_time(minutes * 60_000.0);
        let text = format.call1(&JsValue::NULL, &date).ok()?;
        gmt_offset(&text.as_string()?)
    };
    let (from, to) = ((from / 60_000) as f64, (to / 60_000) as f64);
    let initial = offset(from)?;
    let mut changes = Vec::new();
    let (mut t, mut o) = (from, initial);
    while t < to {
        let next = (t + STEP_MIN).floor().min(to);
        let p = offset(next)?;
        if p != o {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1.0 {
                let mid = (lo + (hi - lo) / 2.0).floor();
                if offset(mid)? == o {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            if hi < to {
                changes.push((hi as i64 * 60_000, p));
            }
            o = p;
        }
        t = next;
    }
    Some((initial, changes))
}

/// Every zone name the browser knows (`Intl.supportedValuesOf("timeZone")`), or
/// none in a browser without it.
pub fn names() -> Vec<String> {
    let Ok(intl) = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()) else {
        return Vec::new();
    };
    let Some(f) = js_sys::Reflect::get(&intl, &"supportedValuesOf".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return Vec::new();
    };
    f.call1(&intl, &"timeZone".into())
        .ok()
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}
