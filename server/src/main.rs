//! `partner-center`: the dashboard's command line.

use std::process::ExitCode;

use clap::Parser;
use server::config::{Cli, Command};

// Rendering a page allocates and frees thousands of small strings; with glibc's allocator
// that was over a third of the server's CPU under load (perf, 64 connections).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; the environment and flags still apply.
    dotenvy::dotenv().ok();
    let cli = Cli::parse();
    server::telemetry::init(cli.config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve(cli.config, shutdown_signal()).await,
        Command::CreateAdmin(args) => {
            return match server::create_admin::run(&cli.config, &args).await {
                Ok(admin) => {
                    println!("Created admin {} ({}).", admin.email, admin.display_name);
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("partner-center create-admin: {error}");
                    ExitCode::FAILURE
                }
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "partner-center stopped");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("installing a SIGTERM handler cannot fail on unix");
        tokio::select! {
            _ = ctrl_c => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await.ok();
}
