//! An async handler that sends a last message over TCP with tokio, at a normal exit and on SIGTERM.
//!
//! With the `tokio` feature an async handler runs inside a tokio runtime, so its future can use
//! tokio's sockets and timers. At a normal exit `main`'s runtime is gone, and the handler runs on a
//! current-thread runtime made for the handlers; on a handled signal `main` is still running inside
//! `#[tokio::main]`, and the handler runs on that runtime. Its own limit (`timeout`) keeps an
//! unreachable peer from holding the exit up.
//!
//! `cargo run -p atexit-recipes --example tokio_goodbye -- 127.0.0.1:7000 [serve]`: sends
//! `goodbye from <pid> on a <flavor> runtime` to that address at exit; with `serve`, runs until
//! SIGTERM.

use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let peer = args.next().expect("the address to say goodbye to");
    let serve = args.next().as_deref() == Some("serve");

    atexit::handle_signals(&[atexit::Signal::Terminate])?;
    atexit::register_async(async move {
        // A tokio timer, then a tokio socket: both need a runtime with its drivers.
        tokio::time::sleep(Duration::from_millis(10)).await;
        let mut stream = TcpStream::connect(&peer).await?;
        let flavor = tokio::runtime::Handle::current().runtime_flavor();
        let message = format!(
            "goodbye from {} on a {flavor:?} runtime\n",
            std::process::id()
        );
        stream.write_all(message.as_bytes()).await?;
        stream.shutdown().await
    })
    .timeout(Duration::from_secs(5));

    if serve {
        println!("serving");
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    }
    println!("done");
    Ok(())
}
