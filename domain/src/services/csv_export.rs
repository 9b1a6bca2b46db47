//! CSV files as every export writes them: UTF-8 with a byte order mark (so spreadsheet
//! programs read names in any script correctly), CRLF lines, every cell neutralised for
//! spreadsheets. Downloads (Operation Records, Security Events) are streamed from the
//! database as the client takes them, in chunks of about 64 KiB, never held all at once;
//! a customer-list export writes a [`CsvFile`] that its task stores.

use std::future::Future;

use futures::Stream;
use tokio::sync::mpsc;

use super::audit::neutralize_formula;
use super::ServiceError;

/// Chunks are sent once they reach this size, so memory stays flat however many rows match.
const CSV_CHUNK_BYTES: usize = 64 * 1024;
/// Chunks written ahead of a slow client; beyond this the export waits for it.
const CSV_CHUNKS_AHEAD: usize = 4;

/// Rows an export reads per query: each page is one short query, so an export waiting for
/// a slow client holds no database connection.
pub(super) const PAGE_ROWS: i64 = 1_000;

type ChunkSender = mpsc::Sender<Result<Vec<u8>, ServiceError>>;

/// Where an export writes its lines: it sends a chunk whenever one is full.
pub(super) struct CsvSink {
    chunk: csv::Writer<Vec<u8>>,
    sender: ChunkSender,
}

impl CsvSink {
    /// Writes one line, every cell neutralised for spreadsheets; `false` when the client has
    /// gone away and the export can stop.
    pub(super) async fn line(&mut self, cells: Vec<String>) -> Result<bool, ServiceError> {
        write_line(&mut self.chunk, cells)?;
        if self.chunk.get_ref().len() < CSV_CHUNK_BYTES {
            return Ok(true);
        }
        let full = std::mem::replace(&mut self.chunk, csv_writer(Vec::new()));
        send(&self.sender, full).await
    }

    /// Sends what is left.
    pub(super) async fn finish(self) -> Result<(), ServiceError> {
        send(&self.sender, self.chunk).await.map(drop)
    }
}

/// A whole CSV file in memory, for an export task that stores it when done.
pub(super) struct CsvFile(csv::Writer<Vec<u8>>);

impl CsvFile {
    pub(super) fn new(header: &[String]) -> Result<Self, ServiceError> {
        with_header(header).map(Self)
    }

    /// Writes one line, every cell neutralised for spreadsheets.
    pub(super) fn line(&mut self, cells: Vec<String>) -> Result<(), ServiceError> {
        write_line(&mut self.0, cells)
    }

    pub(super) fn finish(self) -> Result<Vec<u8>, ServiceError> {
        self.0
            .into_inner()
            .map_err(|error| ServiceError::Record(error.to_string()))
    }
}

/// Runs `write` in a task of its own and streams what it writes, after the byte order mark
/// and `header`. A failure part-way ends the stream with the error, so a download is never
/// silently cut short.
pub(super) fn export<W, F>(
    what: &'static str,
    header: Vec<String>,
    write: W,
) -> impl Stream<Item = Result<Vec<u8>, ServiceError>> + Send + 'static
where
    W: FnOnce(CsvSink) -> F + Send + 'static,
    F: Future<Output = Result<(), ServiceError>> + Send,
{
    let (sender, receiver) = mpsc::channel(CSV_CHUNKS_AHEAD);
    tokio::spawn(async move {
        let written = match with_header(&header) {
            Ok(chunk) => {
                write(CsvSink {
                    chunk,
                    sender: sender.clone(),
                })
                .await
            }
            Err(error) => Err(error),
        };
        if let Err(error) = written {
            tracing::error!(%error, "the CSV export of {what} stopped");
            // The client may have gone; then nobody needs the error.
            let _ = sender.send(Err(error)).await;
        }
    });
    futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    })
}

/// A writer holding the byte order mark and `header`.
fn with_header(header: &[String]) -> Result<csv::Writer<Vec<u8>>, ServiceError> {
    let mut writer = csv_writer("\u{feff}".into());
    writer.write_record(header).map_err(csv_error)?;
    Ok(writer)
}

fn write_line(writer: &mut csv::Writer<Vec<u8>>, cells: Vec<String>) -> Result<(), ServiceError> {
    writer
        .write_record(cells.into_iter().map(neutralize_formula))
        .map_err(csv_error)?;
    writer.flush().map_err(io_error)
}

fn csv_writer(start: Vec<u8>) -> csv::Writer<Vec<u8>> {
    let mut bytes = start;
    bytes.reserve(CSV_CHUNK_BYTES + 4096);
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(bytes)
}

/// Sends a chunk; `false` when the client has gone away and the export can stop.
async fn send(sender: &ChunkSender, chunk: csv::Writer<Vec<u8>>) -> Result<bool, ServiceError> {
    let bytes = chunk
        .into_inner()
        .map_err(|error| ServiceError::Record(error.to_string()))?;
    Ok(sender.send(Ok(bytes)).await.is_ok())
}

fn csv_error(error: csv::Error) -> ServiceError {
    ServiceError::Record(error.to_string())
}

fn io_error(error: std::io::Error) -> ServiceError {
    ServiceError::Record(error.to_string())
}
