//! Spans that reach the exporter when the program ends with `std::process::exit` or on SIGTERM.
//!
//! The OpenTelemetry SDK's batch span processor keeps finished spans in a queue and exports them
//! from a thread of its own, a batch of 512 at a time or every 5 seconds; only
//! `SdkTracerProvider::shutdown` (or dropping the last provider) exports what the queue still
//! holds. A program that ends with `std::process::exit` from deep in its stack, or is stopped by
//! SIGTERM, drops nothing and shuts nothing down: the spans still queued are lost
//! (open-telemetry/opentelemetry-rust#868, #536, #1961). Run `cargo run -p atexit-recipes
//! --example telemetry -- exit 300 without-handler | grep -c '^Span #'`: 0 of the 300 spans reach
//! the exporter, and with `sigterm` (the test sends it right after `ready`) also 0: fewer than a
//! batch, they wait for the 5-second timer, which never fires. (With more spans than a batch, the
//! full batches are exported as they fill: with 1,000 spans, 45 to 85 arrived in a debug build.)
//!
//! With the provider shut down in an exit handler, and `handle_signals` for SIGTERM, every span is
//! exported on every path. The exporter here is the SDK's stdout exporter, so that the spans can be
//! counted outside the process; a real program's OTLP exporter is flushed the same way.
//!
//! `cargo run -p atexit-recipes --example telemetry -- exit|sigterm SPANS [without-handler]`

use opentelemetry::trace::{Tracer, TracerProvider as _};
use opentelemetry_sdk::trace::SdkTracerProvider;

fn main() {
    let mut args = std::env::args().skip(1);
    let ending = args.next().expect("exit or sigterm");
    let spans: u32 = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("how many spans");
    let with_handler = args.next().as_deref() != Some("without-handler");

    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(opentelemetry_stdout::SpanExporter::default())
        .build();
    if with_handler {
        let provider = provider.clone();
        // The SDK's shutdown returns an error if the export failed: the runtime reports it.
        atexit::register(move || provider.shutdown());
        atexit::handle_signals(&[atexit::Signal::Terminate]).expect("handle SIGTERM");
    }
    let tracer = provider.tracer("recipes");
    for n in 0..spans {
        tracer.in_span(format!("work-{n}"), |_| {});
    }
    match ending.as_str() {
        "exit" => shut_down_from_deep_inside(),
        _ => {
            eprintln!("ready");
            // Wait for the SIGTERM the test sends.
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        }
    }
}

fn shut_down_from_deep_inside() -> ! {
    std::process::exit(0)
}
