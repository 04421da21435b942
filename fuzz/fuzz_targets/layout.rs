//! Fuzz target: `presswork::load::fuzz::layout_toml` must return, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = presswork::load::fuzz::layout_toml(data);
});
