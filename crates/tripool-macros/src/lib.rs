//! The attribute macros of tripool: `#[tripool::task]` and `#[tripool::main]`.
//!
//! Use them through the facade (`tripool::task`, `tripool::main`); their
//! documentation, with examples, lives there and in `tripool_process`.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, Path, ReturnType, Visibility};

/// Registers a function as a task that runs in any tripool executor,
/// including a worker process started by re-executing the current binary.
///
/// `#[task] fn name(args…) -> R` keeps the function as it is and adds a
/// module `name` holding a zero-sized `name::Task`, which implements
/// `tripool::process::Task` (`Args` = the tuple of the argument types,
/// `Output` = `R`, `NAME` = `module_path!()::name`). Arguments and result
/// must implement serde's `Serialize` and `DeserializeOwned`.
///
/// `#[task(crate = path)]` names the crate that provides the `Task` trait
/// when it is not reachable as `::tripool::process`.
#[proc_macro_attribute]
pub fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    match expand_task(attr.into(), item.into()) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// Wraps `main` so that it starts with `tripool::init()` (a worker process
/// turns into a worker there) and ends with
/// `tripool::thread::join_non_daemon()` (as Python waits for its threads).
#[proc_macro_attribute]
pub fn main(attr: TokenStream, item: TokenStream) -> TokenStream {
    match expand_main(attr.into(), item.into()) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// The path of the crate that defines `Task` and `__private`.
fn crate_path(attr: TokenStream2) -> syn::Result<TokenStream2> {
    let mut path: Option<Path> = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("crate") {
            path = Some(meta.value()?.parse()?);
            Ok(())
        } else {
            Err(meta.error("unknown argument: expected `crate = path`"))
        }
    });
    parser.parse2(attr)?;
    if let Some(path) = path {
        return Ok(quote!(#path));
    }
    // Inside tripool-process's own tests and doctests the facade is not a
    // dependency: name the crate itself.
    if std::env::var("CARGO_PKG_NAME").as_deref() == Ok("tripool-process") {
        Ok(quote!(::tripool_process))
    } else {
        Ok(quote!(::tripool::process))
    }
}

fn expand_task(attr: TokenStream2, item: TokenStream2) -> syn::Result<TokenStream2> {
    let krate = crate_path(attr)?;
    let func: ItemFn = syn::parse2(item)?;
    let sig = &func.sig;
    if let Some(asyncness) = &sig.asyncness {
        return Err(syn::Error::new(
            asyncness.span(),
            "#[task] does not support async functions yet",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            sig.generics.span(),
            "a #[task] function cannot be generic: its name must stand for one function",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        return Err(syn::Error::new(
            variadic.span(),
            "a #[task] function cannot be variadic",
        ));
    }
    let mut types = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                return Err(syn::Error::new(
                    receiver.span(),
                    "a #[task] must be a free function, not a method",
                ));
            }
            FnArg::Typed(typed) => {
                if let syn::Type::ImplTrait(_) = &*typed.ty {
                    return Err(syn::Error::new(
                        typed.ty.span(),
                        "a #[task] argument needs a concrete type, not `impl Trait`",
                    ));
                }
                types.push(typed.ty.clone());
            }
        }
    }
    let output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => {
            if let syn::Type::ImplTrait(_) = &**ty {
                return Err(syn::Error::new(
                    ty.span(),
                    "a #[task] result needs a concrete type, not `impl Trait`",
                ));
            }
            quote!(#ty)
        }
    };
    let ident = &sig.ident;
    let name = ident.to_string();
    // Hygienic names: a task may itself be called `args` or `__arg0`.
    let vars: Vec<_> = (0..types.len())
        .map(|i| format_ident!("__arg{}", i, span = Span::mixed_site()))
        .collect();
    let args = syn::Ident::new("args", Span::mixed_site());
    let (mod_vis, struct_vis) = match &func.vis {
        Visibility::Inherited => (quote!(), quote!(pub(super))),
        Visibility::Public(_) => (quote!(pub), quote!(pub)),
        vis @ Visibility::Restricted(_) => (quote!(#vis), quote!(pub(crate))),
    };
    let entry = format_ident!("__TRIPOOL_TASK_{}", ident, span = Span::mixed_site());
    let boot = format_ident!("__TRIPOOL_BOOT_{}", ident, span = Span::mixed_site());
    let mod_doc =
        format!("The task companion of [`{name}()`]: `{name}::Task` names it in a spawn.");
    let struct_doc = format!(
        "The task [`{name}()`] as a value: pass it to `Process::spawn` with the arguments as a tuple."
    );
    Ok(quote! {
        #func

        #[doc = #mod_doc]
        #mod_vis mod #ident {
            #[doc = #struct_doc]
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            #struct_vis struct Task;
        }

        impl #krate::Task for #ident::Task {
            type Args = (#(#types,)*);
            type Output = #output;
            const NAME: &'static str = ::core::concat!(::core::module_path!(), "::", #name);

            fn call(#args: Self::Args) -> Self::Output {
                let (#(#vars,)*) = #args;
                #ident(#(#vars),*)
            }
        }

        #[#krate::__private::linkme::distributed_slice(#krate::__private::TASKS)]
        #[linkme(crate = #krate::__private::linkme)]
        #[allow(unsafe_code)]
        static #entry: #krate::__private::TaskEntry =
            #krate::__private::TaskEntry::new::<#ident::Task>(::core::file!(), ::core::line!());

        // Turns a process started as a tripool worker into a worker before
        // `main` (or libtest) starts.
        #[cfg(target_os = "linux")]
        #[used]
        #[allow(unsafe_code)]
        #[unsafe(link_section = ".init_array")]
        static #boot: extern "C" fn() = {
            extern "C" fn boot() {
                #krate::__private::worker_boot();
            }
            boot
        };
    })
}

fn expand_main(attr: TokenStream2, item: TokenStream2) -> syn::Result<TokenStream2> {
    if !attr.is_empty() {
        return Err(syn::Error::new(
            attr.span(),
            "#[tripool::main] takes no arguments",
        ));
    }
    let func: ItemFn = syn::parse2(item)?;
    if func.sig.ident != "main" || !func.sig.inputs.is_empty() || func.sig.asyncness.is_some() {
        return Err(syn::Error::new(
            func.sig.span(),
            "#[tripool::main] goes on `fn main()` (not async, no arguments)",
        ));
    }
    let attrs = &func.attrs;
    let vis = &func.vis;
    let output = &func.sig.output;
    let block = &func.block;
    let inner = format_ident!("__tripool_main", span = Span::mixed_site());
    Ok(quote! {
        #(#attrs)*
        #vis fn main() #output {
            fn #inner() #output #block
            ::tripool::init();
            let result = #inner();
            ::tripool::thread::join_non_daemon();
            result
        }
    })
}
