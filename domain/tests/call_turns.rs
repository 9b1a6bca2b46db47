//! The BSS call turns that instances on one database share (`services::call_turns`), with
//! two pools on one scratch database standing for two instances.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bss::{CallPacer, Endpoint};
use domain::services::call_turns::SharedCallTurns;
use domain::services::db::scratch::ScratchDb;

const PER_SECOND: u32 = 20;
/// 1/rate of a second, and the 4 % each turn keeps to spare.
const SPACING_MICROS: i64 = 1_000_000 / PER_SECOND as i64 * 104 / 100;

async fn two_instances() -> (ScratchDb, Arc<SharedCallTurns>, Arc<SharedCallTurns>) {
    let database = ScratchDb::create().await.unwrap();
    let a = SharedCallTurns::new(database.connect().await.unwrap(), PER_SECOND);
    let b = SharedCallTurns::new(database.connect().await.unwrap(), PER_SECOND);
    (database, Arc::new(a), Arc::new(b))
}

#[tokio::test]
async fn turns_taken_at_once_by_two_instances_are_one_spacing_apart() {
    let (_database, a, b) = two_instances().await;
    let now = 1_000_000_000;
    let mut asked = Vec::new();
    for instance in [&a, &b].repeat(20) {
        let instance = Arc::clone(instance);
        asked.push(tokio::spawn(async move {
            instance
                .take_turn(Endpoint::FreezeSubCustomers, now)
                .await
                .unwrap()
        }));
    }
    let mut turns = Vec::new();
    for turn in asked {
        turns.push(turn.await.unwrap());
    }
    turns.sort_unstable();
    let expected: Vec<i64> = (0..40).map(|n| now + n * SPACING_MICROS).collect();
    assert_eq!(turns, expected);

    // Another endpoint has turns of its own; an idle endpoint's next turn is now.
    let other = a.take_turn(Endpoint::ListSubCustomers, now).await.unwrap();
    assert_eq!(other, now);
    let later = now + 60_000_000;
    let idle = b
        .take_turn(Endpoint::FreezeSubCustomers, later)
        .await
        .unwrap();
    assert_eq!(idle, later);
}

#[tokio::test]
async fn waiting_calls_of_two_instances_keep_the_rate_and_a_newcomer_waits_one_turn() {
    let (_database, a, b) = two_instances().await;
    let started = Instant::now();
    // A batch on each instance, one call after another.
    let batches: Vec<_> = [&a, &b]
        .into_iter()
        .map(|instance| {
            let instance = Arc::clone(instance);
            tokio::spawn(async move {
                for _ in 0..10 {
                    instance.wait_turn(Endpoint::FreezeSubCustomers).await;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked = Instant::now();
    b.wait_turn(Endpoint::FreezeSubCustomers).await;
    let newcomer = asked.elapsed();
    for batch in batches {
        batch.await.unwrap();
    }
    // 21 calls at 20 a second: the last turn begins 20 spacings after the first.
    let all = started.elapsed();
    assert!(all >= Duration::from_millis(950), "21 calls took {all:?}");
    // Behind at most the next call of each batch (2 spacings), plus scheduling.
    assert!(
        newcomer <= Duration::from_millis(200),
        "the single call waited {newcomer:?}"
    );
}
