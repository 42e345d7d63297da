//! `Plain`: types that may live in memory shared with other processes.

/// Plain data that can be stored in shared memory and read by another
/// process: every bit pattern is a valid value, and it holds no pointer,
/// reference or handle (an address means nothing in another process).
///
/// Implemented for the integer and floating-point types and for arrays of
/// `Plain` types. Not for `bool` or `char` (not every bit pattern is one),
/// nor for anything with a pointer inside (`&T`, `Box<T>`, `Vec<T>`).
///
/// # Safety
///
/// Implement it for your own type only if all of this holds:
///
/// * every bit pattern of `size_of::<T>()` bytes is a valid `T` (so no
///   `bool`, `char`, enum, reference or `NonZero` fields);
/// * it has no pointers, references or fds, and no padding it relies on;
/// * it is `#[repr(C)]` (or `#[repr(transparent)]`), so both processes
///   agree on the layout, which they do when they run the same binary.
///
/// ```
/// use tripool_process::{Plain, Value};
///
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// #[repr(C)]
/// struct Point {
///     x: f64,
///     y: f64,
/// }
///
/// // SAFETY: two f64s, repr(C): any bits are a Point, no pointers.
/// unsafe impl Plain for Point {}
///
/// let p = Value::new(Point { x: 1.0, y: 2.0 })?;
/// p.lock().x = 3.0;
/// assert_eq!(p.get(), Point { x: 3.0, y: 2.0 });
/// # Ok::<(), tripool_process::CreateError>(())
/// ```
///
/// A type that is not plain data does not compile:
///
/// ```compile_fail
/// // `bool` has invalid bit patterns; `Vec` holds a pointer.
/// let flag = tripool_process::Value::new(false);
/// ```
///
/// ```compile_fail
/// let names = tripool_process::Array::new(2, String::new());
/// ```
pub unsafe trait Plain: Copy + Send + Sync + 'static {}

macro_rules! plain {
    ($($t:ty)*) => {
        $(
            // SAFETY: any bits are a valid value of this primitive type,
            // and it holds no pointer.
            unsafe impl Plain for $t {}
        )*
    };
}

plain!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64);

// SAFETY: an array of Plain values is its elements side by side, without
// padding: any bits are valid and there is no pointer.
unsafe impl<T: Plain, const N: usize> Plain for [T; N] {}
