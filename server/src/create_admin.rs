//! `partner-center create-admin`: the first admin of a real deployment. The password comes
//! from standard input so it never shows in `ps` or the shell history.

use std::io::{BufRead, IsTerminal, Write};

use chrono::Utc;
use domain::services::staff::{self, NewStaff, StaffError};
use domain::staff::{Role, StaffMember};
use thiserror::Error;

use crate::config::{Config, CreateAdminArgs};

#[derive(Debug, Error)]
pub enum CreateAdminError {
    #[error("cannot read the password from standard input: {0}")]
    ReadPassword(std::io::Error),
    #[error(transparent)]
    Database(#[from] crate::StartupError),
    #[error(transparent)]
    Staff(#[from] StaffError),
}

/// Reads the password (prompting when standard input is a terminal) and creates the admin.
pub async fn run(config: &Config, args: &CreateAdminArgs) -> Result<StaffMember, CreateAdminError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password for {} (at least 12 characters): ", args.email);
        std::io::stderr()
            .flush()
            .map_err(CreateAdminError::ReadPassword)?;
    }
    let password = read_password(stdin.lock()).map_err(CreateAdminError::ReadPassword)?;
    create(config, args, &password).await
}

/// The first line of `input`, without its line ending.
fn read_password(mut input: impl BufRead) -> std::io::Result<String> {
    let mut line = String::new();
    input.read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub async fn create(
    config: &Config,
    args: &CreateAdminArgs,
    password: &str,
) -> Result<StaffMember, CreateAdminError> {
    let db = crate::open_database(config).await?;
    let new = NewStaff {
        email: &args.email,
        display_name: &args.name,
        role: Role::Admin,
        password,
    };
    let admin = staff::create(&db, new, Utc::now()).await?;
    db.close().await;
    Ok(admin)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::config::{Cli, Command};

    fn parse(data_dir: &std::path::Path, email: &str) -> (Config, CreateAdminArgs) {
        let cli = Cli::try_parse_from([
            "partner-center",
            "--data-dir",
            data_dir.to_str().unwrap(),
            "create-admin",
            "--email",
            email,
        ])
        .unwrap();
        match cli.command {
            Some(Command::CreateAdmin(args)) => (cli.config, args),
            other => panic!("parsed {other:?}"),
        }
    }

    #[test]
    fn the_password_is_the_first_line_of_input() {
        assert_eq!(
            read_password(&b"a long password\r\nnext"[..]).unwrap(),
            "a long password"
        );
        assert_eq!(read_password(&b""[..]).unwrap(), "");
    }

    #[tokio::test]
    async fn creates_an_admin_once_and_refuses_weak_passwords_and_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let (config, args) = parse(dir.path(), "Root@Example.com");

        let weak = create(&config, &args, "short")
            .await
            .unwrap_err()
            .to_string();
        assert!(weak.contains("at least 12 characters"), "{weak}");

        let admin = create(&config, &args, "a long enough password")
            .await
            .unwrap();
        assert_eq!(
            (admin.email.as_str(), admin.role),
            ("root@example.com", Role::Admin)
        );

        let duplicate = create(&config, &args, "another long password")
            .await
            .unwrap_err()
            .to_string();
        assert!(duplicate.contains("already exists"), "{duplicate}");
    }
}
