//! `sendmsg`/`recvmsg` with `SCM_RIGHTS`: bytes and file descriptors over a
//! Unix stream socket.

use std::io;
use std::mem;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

/// At most this many descriptors travel with one frame.
pub(crate) const MAX_FDS_PER_FRAME: usize = 64;

/// Room for a control message carrying `MAX_FDS_PER_FRAME` descriptors,
/// aligned for `cmsghdr`.
#[repr(C, align(8))]
struct ControlBuf([u8; 512]);

const fn control_len(fds: usize) -> usize {
    // CMSG_SPACE is a const fn in libc only behind a feature; compute it:
    // header rounded to the alignment, then the payload rounded.
    let align = mem::size_of::<usize>();
    let header = (mem::size_of::<libc::cmsghdr>() + align - 1) & !(align - 1);
    let payload = (fds * mem::size_of::<RawFd>() + align - 1) & !(align - 1);
    header + payload
}

const _: () = assert!(control_len(MAX_FDS_PER_FRAME) <= 512);

/// Sends some of `data` (at least one byte unless `data` is empty) with
/// `fds` attached, never raising `SIGPIPE`. Returns the bytes sent.
pub(crate) fn send_with_fds(
    socket: BorrowedFd<'_>,
    data: &[u8],
    fds: &[BorrowedFd<'_>],
) -> io::Result<usize> {
    if fds.len() > MAX_FDS_PER_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "too many descriptors for one frame",
        ));
    }
    let mut iov = libc::iovec {
        iov_base: data.as_ptr() as *mut libc::c_void,
        iov_len: data.len(),
    };
    let mut control = ControlBuf([0; 512]);
    // SAFETY: msghdr is plain data; all-zero is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if !fds.is_empty() {
        msg.msg_control = control.0.as_mut_ptr().cast();
        msg.msg_controllen = control_len(fds.len()) as _;
        // SAFETY: msg_control points at `control`, large enough for one
        // header plus MAX_FDS_PER_FRAME descriptors (checked above and by
        // the const assertion), so CMSG_FIRSTHDR is non-null and in bounds.
        unsafe {
            let cmsg = libc::CMSG_FIRSTHDR(&msg);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN((fds.len() * mem::size_of::<RawFd>()) as u32) as _;
            let out = libc::CMSG_DATA(cmsg).cast::<RawFd>();
            for (i, fd) in fds.iter().enumerate() {
                out.add(i).write_unaligned(fd.as_raw_fd());
            }
        }
    }
    loop {
        // SAFETY: `msg` points at live buffers (`iov` over `data`, `control`)
        // for the duration of the call; the kernel only reads them.
        let sent = unsafe { libc::sendmsg(socket.as_raw_fd(), &msg, libc::MSG_NOSIGNAL) };
        if sent >= 0 {
            return Ok(sent as usize);
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Receives into `buf` and takes the descriptors that came with those bytes
/// (close-on-exec). Returns the bytes read (0 at end of stream), the
/// descriptors, and whether some descriptors were dropped for lack of room.
pub(crate) fn recv_with_fds(
    socket: BorrowedFd<'_>,
    buf: &mut [u8],
) -> io::Result<(usize, Vec<OwnedFd>, bool)> {
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let mut control = ControlBuf([0; 512]);
    // SAFETY: msghdr is plain data; all-zero is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast();
    msg.msg_controllen = control_len(MAX_FDS_PER_FRAME) as _;
    let read = loop {
        // SAFETY: `msg` points at live, writable buffers (`iov` over `buf`,
        // `control`) whose lengths it states.
        let read = unsafe { libc::recvmsg(socket.as_raw_fd(), &mut msg, libc::MSG_CMSG_CLOEXEC) };
        if read >= 0 {
            break read as usize;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    };
    let mut fds = Vec::new();
    if msg.msg_controllen > 0 {
        // SAFETY: the kernel filled `control` with `msg_controllen` bytes of
        // well-formed control messages; CMSG_FIRSTHDR/NXTHDR stay within them.
        unsafe {
            let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
            while !cmsg.is_null() {
                if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_RIGHTS {
                    let data = libc::CMSG_DATA(cmsg);
                    let bytes = (*cmsg).cmsg_len as usize - (data as usize - cmsg as usize);
                    let count = bytes / mem::size_of::<RawFd>();
                    for i in 0..count {
                        let fd = data.cast::<RawFd>().add(i).read_unaligned();
                        // SAFETY (of from_raw_fd): SCM_RIGHTS installed a new
                        // descriptor in this process that nothing else owns.
                        fds.push(OwnedFd::from_raw_fd(fd));
                    }
                }
                cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
            }
        }
    }
    let truncated = msg.msg_flags & libc::MSG_CTRUNC != 0;
    Ok((read, fds, truncated))
}
