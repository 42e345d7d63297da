//! `SharedRegion`: a sealed memory file and a shared mapping of it, with a
//! header that says what it holds, so an fd from a peer can be checked.

use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use super::error::{CreateError, OpenError};
use crate::sync::RawLock;
use crate::sys::{memfd, mmap::Mapping};

/// "tplx" in ASCII: the region was made by this crate.
const MAGIC: u32 = 0x7470_6c78;
/// Bytes before the data; the data starts at `max(HEADER_LEN, align)`.
const HEADER_LEN: usize = 64;
/// The largest element alignment: the mapping is page-aligned.
const MAX_ALIGN: usize = 4096;

/// What a region holds; part of the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Kind {
    Lock = 1,
    Event = 2,
    Value = 3,
    Array = 4,
    Atomic = 5,
}

/// The first bytes of every region. Every field is atomic: a peer may write
/// to shared memory at any time, and a plain read racing with its write
/// would be a data race. Fields other than `lock` and `flag` are written
/// before the fd is shared and read once, by `open`.
#[derive(Debug)]
#[repr(C)]
pub(crate) struct Header {
    /// The robust lock of the object (`Lock`, `Value`, `Array`).
    pub(crate) lock: RawLock,
    magic: AtomicU32,
    kind: AtomicU32,
    elem_size: AtomicU64,
    elem_align: AtomicU64,
    len: AtomicU64,
    /// A futex word for objects that need one besides the lock (`Event`).
    pub(crate) flag: AtomicU32,
}

const _: () = assert!(size_of::<Header>() <= HEADER_LEN);

/// The type of the elements a region holds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Elem {
    size: usize,
    align: usize,
}

impl Elem {
    /// `T`'s size and alignment.
    pub(crate) fn of<T>() -> Self {
        Self {
            size: size_of::<T>(),
            align: align_of::<T>(),
        }
    }

    /// Where the data starts and how many bytes the region needs for `len`
    /// elements; `None` if that overflows or the alignment is too large.
    fn layout(self, len: usize) -> Option<(usize, usize)> {
        if self.align > MAX_ALIGN {
            return None;
        }
        let offset = HEADER_LEN.max(self.align);
        let total = self.size.checked_mul(len)?.checked_add(offset)?;
        Some((offset, total))
    }
}

/// A memory file (sealed to its size, close-on-exec) and a `MAP_SHARED`
/// mapping of it. Nothing has a name: the memory is freed when the last fd
/// and the last mapping, in any process, are gone.
#[derive(Debug)]
pub(crate) struct SharedRegion {
    map: Mapping,
    fd: OwnedFd,
    kind: Kind,
    elem: Elem,
    offset: usize,
    len: usize,
}

impl SharedRegion {
    /// A zeroed region for `len` elements of type `elem`, its header filled.
    ///
    /// # Errors
    ///
    /// The OS error; `InvalidInput` if the size overflows.
    pub(crate) fn create(kind: Kind, elem: Elem, len: usize) -> Result<Self, CreateError> {
        let (offset, total) = elem
            .layout(len)
            .ok_or_else(|| CreateError::new(io::ErrorKind::InvalidInput.into()))?;
        let fd = memfd::create(c"tripool", total as u64).map_err(CreateError::new)?;
        let map = Mapping::new(fd.as_fd(), total).map_err(CreateError::new)?;
        let region = Self {
            map,
            fd,
            kind,
            elem,
            offset,
            len,
        };
        let header = region.header();
        header.magic.store(MAGIC, Ordering::Relaxed);
        header.kind.store(kind as u32, Ordering::Relaxed);
        header.elem_size.store(elem.size as u64, Ordering::Relaxed);
        header
            .elem_align
            .store(elem.align as u64, Ordering::Relaxed);
        header.len.store(len as u64, Ordering::Relaxed);
        Ok(region)
    }

    /// Maps `fd`, received from another process, after checking that it is
    /// a sealed memory file big enough for the `kind` of object of `elem`s
    /// that its header announces.
    ///
    /// # Errors
    ///
    /// See [`OpenError`].
    pub(crate) fn open(fd: OwnedFd, kind: Kind, elem: Elem) -> Result<Self, OpenError> {
        let actual = memfd::size(fd.as_fd()).map_err(OpenError::Io)?;
        let too_small = |needed: usize| OpenError::TooSmall {
            needed: needed as u64,
            actual,
        };
        if actual < HEADER_LEN as u64 {
            return Err(too_small(HEADER_LEN));
        }
        if !memfd::is_sealed_against_shrink(fd.as_fd()) {
            return Err(OpenError::NotSealed);
        }
        let size = usize::try_from(actual).map_err(|_| OpenError::Mismatch)?;
        let map = Mapping::new(fd.as_fd(), size).map_err(OpenError::Io)?;
        let mut region = Self {
            map,
            fd,
            kind,
            elem,
            offset: 0,
            len: 0,
        };
        let header = region.header();
        let same = header.magic.load(Ordering::Relaxed) == MAGIC
            && header.kind.load(Ordering::Relaxed) == kind as u32
            && header.elem_size.load(Ordering::Relaxed) == elem.size as u64
            && header.elem_align.load(Ordering::Relaxed) == elem.align as u64;
        if !same {
            return Err(OpenError::Mismatch);
        }
        let len =
            usize::try_from(header.len.load(Ordering::Relaxed)).map_err(|_| OpenError::Mismatch)?;
        let (offset, total) = elem.layout(len).ok_or(OpenError::Mismatch)?;
        if total > size {
            return Err(too_small(total));
        }
        region.offset = offset;
        region.len = len;
        Ok(region)
    }

    /// A second handle: a duplicate fd and a mapping of its own.
    ///
    /// # Errors
    ///
    /// The OS error of `dup` or `mmap`.
    pub(crate) fn try_clone(&self) -> io::Result<Self> {
        let fd = self.fd.try_clone()?;
        let map = Mapping::new(fd.as_fd(), self.map.len())?;
        Ok(Self {
            map,
            fd,
            kind: self.kind,
            elem: self.elem,
            offset: self.offset,
            len: self.len,
        })
    }

    /// The header at the start of the mapping.
    pub(crate) fn header(&self) -> &Header {
        // SAFETY: the mapping is page-aligned, at least HEADER_LEN bytes
        // long (checked by `create`/`open`) and lives as long as `self`;
        // every field of `Header` is an atomic, valid for any bits
        // (zero-filled at creation) and safe to share.
        unsafe { &*self.map.as_ptr().cast::<Header>() }
    }

    /// The region's robust lock.
    pub(crate) fn lock(&self) -> &RawLock {
        &self.header().lock
    }

    /// The first element, aligned for the region's element type.
    pub(crate) fn data(&self) -> *mut u8 {
        self.map.as_ptr().wrapping_add(self.offset)
    }

    /// The number of elements.
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

impl AsFd for SharedRegion {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
