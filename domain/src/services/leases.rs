//! Leases on work that one instance at a time may do, whichever instance it is (the mirror
//! sync, the running of a record): taken in one
//! atomic statement when free or lapsed, renewed by the holder while it works, released when
//! it is done. A holder that dies stops renewing, and another instance takes the lease once
//! it lapses.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use rand::RngCore;

use super::db::Db;

/// What a lease is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeaseName {
    MirrorSync,
    /// The retention sweep and alert, one instance at a time.
    RetentionSweep,
    /// The running of an operation record: held by the instance executing it.
    Record(i64),
    /// The running of a customer-list export: held by the instance writing its file.
    CustomerExport(i64),
}

impl LeaseName {
    fn key(self) -> String {
        match self {
            Self::MirrorSync => "mirror-sync".to_owned(),
            Self::RetentionSweep => "retention-sweep".to_owned(),
            Self::Record(id) => format!("record-{id}"),
            Self::CustomerExport(id) => format!("customer-export-{id}"),
        }
    }
}

/// This process, as a lease holder: random per process, so a restarted instance does not
/// take its predecessor's lease for its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder(String);

impl Holder {
    pub fn new_random() -> Self {
        let mut bytes = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(hex::encode(bytes))
    }
}

/// Takes `name` for `holder` until `ttl` from now, when it is free, lapsed or already
/// `holder`'s (which renews it); whether `holder` holds it now.
pub async fn take(
    db: &Db,
    name: LeaseName,
    holder: &Holder,
    ttl: Duration,
) -> Result<bool, sqlx::Error> {
    let now = Utc::now().timestamp_micros();
    let until = now + i64::try_from(ttl.as_micros()).unwrap_or(i64::MAX / 2);
    let taken: Option<String> = db
        .query(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
             expires_at = excluded.expires_at \
             WHERE leases.expires_at <= $4 OR leases.holder = excluded.holder \
             RETURNING holder",
        )
        .bind(name.key())
        .bind(&holder.0)
        .bind(until)
        .bind(now)
        .optional_scalar()
        .await?;
    Ok(taken.is_some())
}

/// Gives `name` up, if `holder` still holds it.
pub async fn release(db: &Db, name: LeaseName, holder: &Holder) -> Result<(), sqlx::Error> {
    db.query("DELETE FROM leases WHERE name = $1 AND holder = $2")
        .bind(name.key())
        .bind(&holder.0)
        .execute()
        .await?;
    Ok(())
}

/// Whether some instance holds `name` now.
pub async fn is_held(db: &Db, name: LeaseName) -> Result<bool, sqlx::Error> {
    db.query("SELECT COUNT(*) FROM leases WHERE name = $1 AND expires_at > $2")
        .bind(name.key())
        .bind(Utc::now().timestamp_micros())
        .scalar::<i64>()
        .await
        .map(|held| held > 0)
}

/// Where a lease stands, when it is not free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseState {
    Held,
    /// Its holder stopped renewing it without releasing it: the holder died.
    Lapsed,
}

/// The state of each of `names` that is held or lapsed; a name not in the answer is free
/// (released, or never taken).
pub async fn states(
    db: &Db,
    names: &[LeaseName],
) -> Result<HashMap<LeaseName, LeaseState>, sqlx::Error> {
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    let keys: HashMap<String, LeaseName> = names.iter().map(|name| (name.key(), *name)).collect();
    let mut select = db.query("SELECT name, expires_at FROM leases WHERE name IN ");
    select.push_bind_list(keys.keys().map(String::as_str));
    let rows: Vec<(String, i64)> = select.fetch_all().await?;
    let now = Utc::now().timestamp_micros();
    Ok(rows
        .into_iter()
        .filter_map(|(key, expires_at)| {
            let state = if expires_at > now {
                LeaseState::Held
            } else {
                LeaseState::Lapsed
            };
            keys.get(&key).map(|name| (*name, state))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::test_db;

    #[tokio::test]
    async fn a_lease_is_one_holders_until_released_or_lapsed() {
        let (_scratch, db) = test_db().await;
        let (a, b) = (Holder::new_random(), Holder::new_random());
        let long = Duration::from_secs(60);
        assert!(!is_held(&db, LeaseName::MirrorSync).await.unwrap());
        assert!(take(&db, LeaseName::MirrorSync, &a, long).await.unwrap());
        assert!(is_held(&db, LeaseName::MirrorSync).await.unwrap());
        assert!(!take(&db, LeaseName::MirrorSync, &b, long).await.unwrap());
        // The holder renews its own.
        assert!(take(&db, LeaseName::MirrorSync, &a, long).await.unwrap());
        // Another's release gives up nothing; the holder's does.
        release(&db, LeaseName::MirrorSync, &b).await.unwrap();
        assert!(!take(&db, LeaseName::MirrorSync, &b, long).await.unwrap());
        release(&db, LeaseName::MirrorSync, &a).await.unwrap();
        assert!(take(&db, LeaseName::MirrorSync, &b, long).await.unwrap());
    }

    #[tokio::test]
    async fn a_lapsed_lease_goes_to_whoever_asks_and_its_old_holder_loses_it() {
        let (_scratch, db) = test_db().await;
        let (dead, alive) = (Holder::new_random(), Holder::new_random());
        let short = Duration::from_millis(200);
        assert!(take(&db, LeaseName::MirrorSync, &dead, short)
            .await
            .unwrap());
        assert!(!take(&db, LeaseName::MirrorSync, &alive, short)
            .await
            .unwrap());
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!is_held(&db, LeaseName::MirrorSync).await.unwrap());
        assert!(
            take(&db, LeaseName::MirrorSync, &alive, Duration::from_secs(60))
                .await
                .unwrap()
        );
        assert!(!take(&db, LeaseName::MirrorSync, &dead, short)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn a_lease_is_held_lapsed_or_free() {
        let (_scratch, db) = test_db().await;
        let holder = Holder::new_random();
        let [died, alive, released, never] = [1, 2, 3, 4].map(LeaseName::Record);
        let short = Duration::from_millis(100);
        assert!(take(&db, died, &holder, short).await.unwrap());
        assert!(take(&db, released, &holder, short).await.unwrap());
        release(&db, released, &holder).await.unwrap();
        tokio::time::sleep(short * 2).await;
        assert!(take(&db, alive, &holder, Duration::from_secs(60))
            .await
            .unwrap());
        let states = states(&db, &[died, alive, released, never]).await.unwrap();
        assert_eq!(
            states,
            HashMap::from([(died, LeaseState::Lapsed), (alive, LeaseState::Held)])
        );
    }
}
