//! Fuzz target: `presswork::load::fuzz::article_json` must return, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = presswork::load::fuzz::article_json(data);
});
