#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rankscope_fuzz::exercise_adapter(data));
