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
use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::fast_hash::FastHash;
use super::index::{FileId, Index};

/// Bumped whenever the layout or the meaning of a summary changes.
const FORMAT: u32 = 5;

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
    files: HashMap<PathBuf, (Stamp, FileId), FastHash>,
}

impl Cache {
    /// The slot of `path` in the cached index, if the file still has the
    /// stamp it had when read.
    pub fn unchanged(&self, path: &Path, stamp: Stamp) -> Option<FileId> {
        self.files
            .get(path)
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
    // Decoded as it is read, never whole in memory: strings pass through a
    // scratch buffer no longer than the file (nor than 64 MiB, which only
    // a single indexed file over that size could exceed).
    let size = file.metadata().map_or(0, |m| m.len());
    let scratch_len = usize::try_from(size.min(64 << 20)).unwrap_or(64 << 20);
    let mut scratch = vec![0; scratch_len];
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    let unreadable = |e: postcard::Error| format!("unreadable: {e}");
    // The header first, so a foreign cache is named as such.
    let (header, (reader, scratch)): (OwnedHeader, _) =
        postcard::from_io((reader, &mut scratch)).map_err(unreadable)?;
    if header.format != FORMAT || header.version != env!("CARGO_PKG_VERSION") {
        return Err(format!(
            "written by cable-ls {} (format {}), not this version",
            header.version, header.format
        ));
    }
    if header.roots != roots {
        return Err("written for other workspace folders".into());
    }
    let ((files, index), _): ((Vec<CachedFile>, Index), _) =
        postcard::from_io((reader, scratch)).map_err(unreadable)?;
    let index = index.restored();
    let files = files
        .into_iter()
        .filter(|(_, _, file)| index.entry(*file).is_some())
        .map(|(path, stamp, file)| (path, (stamp, file)))
        .collect();
    Ok(Cache { index, files })
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
}
