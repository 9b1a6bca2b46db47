//! Sending mail: by SMTP when configured, into the Demo Inbox in demo mode.

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sqlx::FromRow;
use thiserror::Error;

use super::db::Db;
use super::sql::{read_stored_time, stored_time};
use crate::mail::DemoMail;

#[derive(Debug, Error)]
pub enum MailError {
    #[error("mail is not configured: set SMTP_URL and SMTP_FROM")]
    NotConfigured,
    #[error("invalid mail configuration: {0}")]
    Config(String),
    #[error("cannot address mail to {0}")]
    Recipient(String),
    #[error("cannot build the message: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("the SMTP server refused or failed: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// How mail leaves the dashboard.
#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// Demo mode: mail is kept in the database and shown on the Demo Inbox page.
    DemoInbox,
    /// Neither SMTP nor demo mode: sending fails with a message saying what to configure.
    Unconfigured,
}

/// One message to a staff member.
#[derive(Clone, Copy, Debug)]
pub struct Mail<'a> {
    pub staff_id: i64,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

impl Mailer {
    /// An SMTP mailer from a URL such as `smtp://user:password@host:587?tls=required`
    /// (STARTTLS; without `?tls=` lettre sends unencrypted) or
    /// `smtps://…:465` (TLS), sending as `from` (`Partner Center <noreply@example.com>`).
    pub fn smtp(url: &str, from: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| MailError::Config(format!("SMTP_URL: {error}")))?
            .build();
        let from = from
            .parse()
            .map_err(|error| MailError::Config(format!("SMTP_FROM: {error}")))?;
        Ok(Self::Smtp { transport, from })
    }

    /// Where mail goes, for the Settings page and the start-up log.
    pub fn describe(&self) -> i18n::Message {
        match self {
            Self::Smtp { .. } => i18n::msg!("mail-delivery-smtp"),
            Self::DemoInbox => i18n::msg!("nav-demo-inbox"),
            Self::Unconfigured => i18n::msg!("mail-delivery-unconfigured"),
        }
    }

    pub async fn send(&self, db: &Db, mail: Mail<'_>, now: DateTime<Utc>) -> Result<(), MailError> {
        match self {
            Self::Smtp { transport, from } => {
                let to = mail
                    .to
                    .parse::<Mailbox>()
                    .map_err(|_| MailError::Recipient(mail.to.to_owned()))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(mail.subject)
                    .body(mail.body.to_owned())?;
                transport.send(message).await?;
                Ok(())
            }
            Self::DemoInbox => {
                db.query(
                    "INSERT INTO demo_outbox (staff_id, recipient, subject, body, sent_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(mail.staff_id)
                .bind(mail.to)
                .bind(mail.subject)
                .bind(mail.body)
                .bind(stored_time(now))
                .execute()
                .await?;
                Ok(())
            }
            Self::Unconfigured => Err(MailError::NotConfigured),
        }
    }
}

/// The Demo Inbox of one staff member, newest first.
pub async fn demo_inbox(db: &Db, staff_id: i64) -> Result<Vec<DemoMail>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        recipient: String,
        subject: String,
        body: String,
        /// RFC 3339: the column is text on both backends.
        sent_at: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT id, recipient, subject, body, sent_at FROM demo_outbox \
         WHERE staff_id = $1 ORDER BY id DESC LIMIT 50",
        )
        .bind(staff_id)
        .fetch_all()
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(DemoMail {
                sent_at: read_stored_time(&row.sent_at)?,
                id: row.id,
                recipient: row.recipient,
                subject: row.subject,
                body: row.body,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::staff::{create, NewStaff};
    use crate::services::test_db;
    use crate::staff::Role;

    #[tokio::test]
    async fn demo_inbox_keeps_each_staff_members_mail_newest_first() {
        let (_dir, db) = test_db().await;
        let new = |email| NewStaff {
            email,
            display_name: "Ana",
            role: Role::Viewer,
            password: "a long enough password",
        };
        let ana = create(&db, new("ana@example.com"), Utc::now())
            .await
            .unwrap();
        let bob = create(&db, new("bob@example.com"), Utc::now())
            .await
            .unwrap();
        for subject in ["first", "second"] {
            let mail = Mail {
                staff_id: ana.id,
                to: &ana.email,
                subject,
                body: "hello",
            };
            Mailer::DemoInbox.send(&db, mail, Utc::now()).await.unwrap();
        }
        let subjects: Vec<String> = demo_inbox(&db, ana.id)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.subject)
            .collect();
        assert_eq!(subjects, ["second", "first"]);
        assert!(demo_inbox(&db, bob.id).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn without_smtp_or_demo_mode_sending_says_what_to_configure() {
        let (_dir, db) = test_db().await;
        let mail = Mail {
            staff_id: 1,
            to: "ana@example.com",
            subject: "s",
            body: "b",
        };
        let error = Mailer::Unconfigured
            .send(&db, mail, Utc::now())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("SMTP_URL"), "{error}");
    }

    // The SMTP connection pool needs a runtime to exist in.
    #[tokio::test]
    async fn malformed_smtp_settings_are_refused() {
        assert!(Mailer::smtp("http://example.com", "a@example.com").is_err());
        assert!(Mailer::smtp("smtp://mail.example.com:587", "not an address").is_err());
        assert!(Mailer::smtp(
            "smtp://user:pw@mail.example.com:587",
            "Partner Center <pc@example.com>"
        )
        .is_ok());
    }
}
