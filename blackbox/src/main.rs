//! `blackbox`: the black-box suite of issue #11. It starts the real `partner-center`
//! binary in demo mode on a fresh data folder and its own port, tries each hole of the
//! issue over HTTP as a browser or an attacker would, and prints one line per probe and
//! `N passed, M failed`; it exits non-zero when any probe fails. `make test` runs it.

mod client;
mod probes;
mod server;

use std::process::ExitCode;

use client::Site;
use probes::{Context, PROBES};
use server::Server;

#[tokio::main]
async fn main() -> ExitCode {
    let server = match Server::start().await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("blackbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    let failed = run(server.port).await;
    server.stop().await;
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs every probe and returns how many failed (all of them when setting up failed).
async fn run(port: u16) -> usize {
    let context = match Site::new(port) {
        Ok(site) => Context::new(site).await,
        Err(error) => Err(error),
    };
    let context = match context {
        Ok(context) => context,
        Err(error) => {
            eprintln!("blackbox: cannot set up the probes: {error}");
            println!("0 passed, {} failed", PROBES.len());
            return PROBES.len();
        }
    };
    let mut failed = 0;
    for (name, probe) in PROBES {
        match probe(&context).await {
            Ok(()) => println!("pass  {name}"),
            Err(why) => {
                failed += 1;
                println!("FAIL  {name}: {why}");
            }
        }
    }
    println!("{} passed, {failed} failed", PROBES.len() - failed);
    failed
}
