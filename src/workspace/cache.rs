//! The on-disk index cache: the whole index (summaries and posting lists)
//! with each file's size and modification time, so that reopening a
//! workspace loads the index as it was and re-reads only the files that
//! changed. One file per set of workspace folders in the
//! user's cache directory, written to a temporary file and renamed, so a
//! crash never leaves a torn cache; a cache from another version, for other
//! folders, or unreadable is ignored (and replaced after indexing). The
//! encoding is postcard (compact, varint-based): JSON made the cache larger
//! than the cables it summarises and slower to read than re-parsing them.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::index::{FileId, Index};
use crate::fast_hash::FastHash;

/// Bumped whenever the layout or the meaning of a summary changes.
const FORMAT: u32 = 7;

/// What identifies a file's content without reading it: size and
/// modification time (seconds, nanoseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    modified: (u64, u32),
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or((0, 0), |d| (d.as_secs(), d.subsec_nanos()));
        Stamp {
            size: meta.len(),
            modified,
        }
    }
}

#[derive(Serialize)]
struct Header<'a> {
    format: u32,
    version: &'a str,
    roots: &'a [PathBuf],
}

#[derive(Deserialize)]
struct OwnedHeader {
    format: u32,
    version: String,
    roots: Vec<PathBuf>,
}

/// A file the cache holds: where it is, its stamp when read, its slot.
pub type CachedFile = (PathBuf, Stamp, FileId);

#[derive(Serialize)]
struct Written<'a> {
    header: Header<'a>,
    files: &'a [CachedFile],
    index: &'a Index,
}

/// A loaded cache: the index as saved, and the files it was read from.
#[derive(Debug, Default)]
pub struct Cache {
    /// The index, every entry taken as read from disk.
    pub index: Index,
    /// By path as bytes: hashing a `Path` walks its components.
    files: HashMap<OsString, (Stamp, FileId), FastHash>,
}

impl Cache {
    /// The slot of `path` in the cached index, if the file still has the
    /// stamp it had when read.
    pub fn unchanged(&self, path: &Path, stamp: Stamp) -> Option<FileId> {
        self.files
            .get(path.as_os_str())
            .filter(|(cached, _)| *cached == stamp)
            .map(|(_, file)| *file)
    }

    /// Forgets the files held in slot `file` (its entry was removed).
    pub fn forget(&mut self, file: FileId) {
        self.files.retain(|_, (_, slot)| *slot != file);
    }

    /// How many files the cache holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the cache holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Where the cache of these workspace folders lives under `cache_home`
/// (the XDG cache directory).
pub fn location(cache_home: &Path, roots: &[PathBuf]) -> PathBuf {
    // FNV-1a: stable across builds, unlike the standard hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for root in roots {
        for byte in root.to_string_lossy().bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    cache_home
        .join("cable-ls")
        .join("index")
        .join(format!("{hash:016x}.bin"))
}

/// The user's cache directory: `$XDG_CACHE_HOME`, else `~/.cache`.
pub fn cache_home() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
}

/// Loads the cache at `path` for these folders. No file gives an empty
/// cache; `Err` says why an existing one was not used.
pub fn load(path: &Path, roots: &[PathBuf]) -> Result<Cache, String> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cache::default()),
        Err(e) => return Err(e.to_string()),
    };
    // Decoded as it is read, never whole in memory.
    let size = file.metadata().map_or(0, |m| m.len());
    let mut input = postcard::Deserializer::from_flavor(Buffered::new(file, size));
    let unreadable = |e: postcard::Error| format!("unreadable: {e}");
    // The header first, so a foreign cache is named as such.
    let header = OwnedHeader::deserialize(&mut input).map_err(unreadable)?;
    if header.format != FORMAT || header.version != env!("CARGO_PKG_VERSION") {
        return Err(format!(
            "written by cable-ls {} (format {}), not this version",
            header.version, header.format
        ));
    }
    if header.roots != roots {
        return Err("written for other workspace folders".into());
    }
    let (files, index) = <(Vec<CachedFile>, Index)>::deserialize(&mut input).map_err(unreadable)?;
    let index = index.restored();
    let files = files
        .into_iter()
        .filter(|(_, _, file)| index.entry(*file).is_some())
        .map(|(path, stamp, file)| (path.into_os_string(), (stamp, file)))
        .collect();
    Ok(Cache { index, files })
}

/// Postcard input read from a file through a large buffer. The reader
/// postcard ships reads every byte of a number with its own `read_exact`
/// call; here a byte is taken from the buffer, and a string is a slice of
/// it (or, when longer than what the buffer holds, gathered apart).
struct Buffered<R> {
    reader: R,
    /// Bytes of the input not yet read into `buffer`, as far as known: a
    /// length read from corrupt input is checked against it before any
    /// allocation.
    unread: u64,
    buffer: Box<[u8]>,
    /// `buffer[at..end]` is input not yet taken.
    at: usize,
    end: usize,
    /// A string longer than what is left in `buffer`.
    long: Vec<u8>,
}

impl<R: std::io::Read> Buffered<R> {
    fn new(reader: R, size: u64) -> Self {
        Buffered {
            reader,
            unread: size,
            buffer: vec![0; 1 << 20].into_boxed_slice(),
            at: 0,
            end: 0,
            long: Vec::new(),
        }
    }

    /// Moves what is left to the front and reads more after it.
    fn refill(&mut self) -> postcard::Result<()> {
        self.buffer.copy_within(self.at..self.end, 0);
        self.end -= self.at;
        self.at = 0;
        while self.end < self.buffer.len() {
            match self.reader.read(&mut self.buffer[self.end..]) {
                Ok(0) => break,
                Ok(n) => {
                    self.end += n;
                    self.unread = self.unread.saturating_sub(n as u64);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(postcard::Error::DeserializeUnexpectedEnd),
            }
        }
        Ok(())
    }
}

impl<'de, R: std::io::Read + 'de> postcard::de_flavors::Flavor<'de> for Buffered<R> {
    type Remainder = ();
    type Source = ();

    #[inline]
    fn pop(&mut self) -> postcard::Result<u8> {
        if self.at == self.end {
            self.refill()?;
        }
        let byte = *self
            .buffer
            .get(self.at)
            .filter(|_| self.at < self.end)
            .ok_or(postcard::Error::DeserializeUnexpectedEnd)?;
        self.at += 1;
        Ok(byte)
    }

    /// The cache's types own their data: nothing borrows from the input.
    fn try_take_n(&mut self, _: usize) -> postcard::Result<&'de [u8]> {
        Err(postcard::Error::DeserializeBadEncoding)
    }

    fn try_take_n_temp<'a>(&'a mut self, ct: usize) -> postcard::Result<&'a [u8]>
    where
        'de: 'a,
    {
        let short = || postcard::Error::DeserializeUnexpectedEnd;
        if self.end - self.at < ct {
            if ct <= self.buffer.len() {
                self.refill()?;
            } else {
                // Longer than the buffer: what is buffered, then the rest
                // straight from the reader.
                let rest = ct - (self.end - self.at);
                if u64::try_from(rest).map_or(true, |rest| rest > self.unread) {
                    return Err(short());
                }
                self.long.clear();
                self.long.extend_from_slice(&self.buffer[self.at..self.end]);
                self.at = self.end;
                self.long.resize(ct, 0);
                let tail = &mut self.long[ct - rest..];
                self.reader.read_exact(tail).map_err(|_| short())?;
                self.unread -= rest as u64;
                return Ok(&self.long);
            }
        }
        let end = self.at + ct;
        let taken = self
            .buffer
            .get(self.at..end)
            .filter(|_| end <= self.end)
            .ok_or_else(short)?;
        self.at = end;
        Ok(taken)
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// Writes the cache at `path`: the index, and the files of it read from
/// disk with their stamps. To a temporary file beside it, then renamed
/// over it, so a reader sees the old cache or the new one, never a part.
pub fn save(
    path: &Path,
    roots: &[PathBuf],
    index: &Index,
    files: &[CachedFile],
) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder for the cache")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    let written = Written {
        header: Header {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION"),
            roots,
        },
        files,
        index,
    };
    let result = (|| {
        let file = std::fs::File::create(&temporary)?;
        let out = std::io::BufWriter::new(file);
        // Streamed: the whole cache is never in memory as bytes.
        let mut out = postcard::to_io(&written, out).map_err(std::io::Error::other)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    result.map_err(|e: std::io::Error| {
        let _ = std::fs::remove_file(&temporary);
        format!("{}: {e}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;
    use crate::workspace::summarize;

    #[test]
    fn a_saved_cache_loads_and_checks_stamps_folders_and_version() {
        let dir = std::env::temp_dir().join(format!("cable-ls-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let roots = vec![dir.join("ws")];
        let path = location(&dir, &roots);
        assert_eq!(path, location(&dir, &roots), "the location is stable");
        assert_ne!(path, location(&dir, &[dir.join("other")]));
        let text = "UNCLAS DUSHANBE 000862\nE.O. 12958: DECL: 05/10/2016\nSUBJECT: A TEST\n";
        let summary = summarize(text, &parse(text));
        let file = dir.join("ws/a.cable");
        let stamp = Stamp {
            size: 10,
            modified: (1, 2),
        };
        assert!(load(&path, &roots).unwrap().is_empty(), "no cache yet");
        let mut index = Index::default();
        let a = index.upsert("file:///ws/a.cable", summary.clone(), false);
        index.upsert("file:///ws/open.cable", summary.clone(), true);
        save(&path, &roots, &index, &[(file.clone(), stamp, a)]).unwrap();
        let cache = load(&path, &roots).unwrap();
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.unchanged(&file, stamp), Some(a));
        let entry = cache.index.entry(a).unwrap();
        assert_eq!(*entry.summary, summary);
        // The postings come back with the entries, and nothing is open.
        let id = summary.id.as_deref().unwrap();
        assert_eq!(cache.index.with_id(id).len(), 2);
        assert_eq!(cache.index.ids_with_prefix(&id[..4]).count(), 1);
        assert!(cache.index.files().all(|(_, e)| !e.open));
        let touched = Stamp {
            modified: (1, 3),
            ..stamp
        };
        assert_eq!(
            cache.unchanged(&file, touched),
            None,
            "a changed file is re-read"
        );
        let mut cache = cache;
        cache.forget(a);
        assert_eq!(cache.unchanged(&file, stamp), None, "a forgotten slot");
        assert!(load(&path, &[dir.join("other")]).is_err());
        // A torn or foreign file is refused with a reason.
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 3]).unwrap();
        assert!(load(&path, &roots).unwrap_err().contains("unreadable"));
        let foreign = Header {
            format: 99,
            version: "0.0.0",
            roots: &roots,
        };
        std::fs::write(&path, postcard::to_stdvec(&foreign).unwrap()).unwrap();
        let refused = load(&path, &roots).unwrap_err();
        assert!(refused.contains("not this version"), "{refused}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn strings_longer_than_the_read_buffer_load_and_cut_or_corrupt_caches_never_panic() {
        let dir = std::env::temp_dir().join(format!("cable-ls-long-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let roots = vec![dir.join("ws")];
        let path = location(&dir, &roots);
        // A subject of 1.5 MB: longer than the 1 MiB the reader buffers.
        let subject = "WORD ".repeat(300_000);
        let text = format!("UNCLAS DUSHANBE 000862\nSUBJECT: {subject}\n");
        let summary = summarize(&text, &parse(&text));
        assert!(summary.subject.as_ref().is_some_and(|s| s.len() > 1 << 20));
        let mut index = Index::default();
        let stamp = Stamp {
            size: 1,
            modified: (0, 0),
        };
        let mut files = Vec::new();
        for name in ["a", "b", "c"] {
            let file = index.upsert(&format!("file:///ws/{name}.cable"), summary.clone(), false);
            files.push((dir.join(name), stamp, file));
        }
        save(&path, &roots, &index, &files).unwrap();
        let cache = load(&path, &roots).unwrap();
        assert_eq!(cache.len(), 3);
        for (_, _, file) in &files {
            assert_eq!(*cache.index.entry(*file).unwrap().summary, summary);
        }
        let whole = std::fs::read(&path).unwrap();
        for cut in (0..whole.len())
            .step_by(whole.len() / 40)
            .chain([whole.len() - 1])
        {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert!(load(&path, &roots).is_err(), "cut at {cut}");
        }
        for at in (0..whole.len()).step_by(whole.len() / 150) {
            let mut corrupt = whole.clone();
            corrupt[at] ^= 0xa5;
            std::fs::write(&path, &corrupt).unwrap();
            let _ = load(&path, &roots);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
