//! A test hook: the answer to the next listing that contains a given customer is held, the
//! page already read, until the test releases it. A test can then change BSS (or the
//! client's own state) between a page being read and its answer arriving, deterministically.

use std::sync::Mutex;

use tokio::sync::oneshot;

#[derive(Default)]
pub(crate) struct Holds {
    armed: Mutex<Option<Armed>>,
}

struct Armed {
    customer_id: String,
    reached: oneshot::Sender<()>,
    release: oneshot::Receiver<()>,
}

/// Returned by [`Emulator::hold_listing_with`](super::Emulator::hold_listing_with). Dropping
/// it releases the answer as well.
#[derive(Debug)]
pub struct ListingHold {
    reached: oneshot::Receiver<()>,
    release: oneshot::Sender<()>,
}

impl ListingHold {
    /// Waits until a listing containing the customer has been read and its answer is held.
    pub async fn reached(&mut self) {
        // The emulator dropping the hook unanswered (it shut down) ends the wait too.
        let _ = (&mut self.reached).await;
    }

    /// Lets the held answer go to the client.
    pub fn release(self) {
        // The listing may have ended already (its client went away): nothing to release.
        let _ = self.release.send(());
    }
}

impl Holds {
    /// Arms the hook for `customer_id`, replacing one not yet reached.
    pub fn arm(&self, customer_id: &str) -> ListingHold {
        let (reached_tx, reached) = oneshot::channel();
        let (release, release_rx) = oneshot::channel();
        *self.lock() = Some(Armed {
            customer_id: customer_id.to_owned(),
            reached: reached_tx,
            release: release_rx,
        });
        ListingHold { reached, release }
    }

    /// Holds the caller while the armed customer is among `listed`, once.
    pub async fn hold_if_listed<'a>(&self, mut listed: impl Iterator<Item = &'a str>) {
        let armed = {
            let mut armed = self.lock();
            match armed.as_ref() {
                Some(hook) if listed.any(|id| id == hook.customer_id) => armed.take(),
                _ => None,
            }
        };
        if let Some(hook) = armed {
            // The test may have dropped its side: then there is nobody to wait for.
            let _ = hook.reached.send(());
            let _ = hook.release.await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Armed>> {
        // Plain data, valid even if a holder panicked.
        self.armed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
