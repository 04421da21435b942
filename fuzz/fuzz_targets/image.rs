//! Fuzz target: `presswork::load::fuzz::image` must return, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = presswork::load::fuzz::image(data);
});
