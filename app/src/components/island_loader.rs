//! The page's hydration scripts in islands mode, in place of Leptos's `HydrationScripts`:
//! the same files, loaded sooner. Leptos's island script waits for the browser's first idle
//! moment before it even imports the JS, then walks the whole document element by element;
//! `island_loader.js` starts fetching and compiling the WASM while the HTML is still being
//! parsed, and once it is, hydrates only the islands, in document order, so that an island
//! inside another's children comes after it and gets its context first, as Leptos expects.
//! (The script has no comments: it is sent with every page.)

use leptos::prelude::*;

/// Goes in the document's `<head>`: preloads the JS and WASM and hydrates the islands.
#[component]
pub fn IslandLoader(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    // cargo-leptos names the WASM `<output>_bg.wasm` unless it sets LEPTOS_OUTPUT_NAME.
    let wasm_suffix = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        ""
    } else {
        "_bg"
    };
    let (js, wasm) = (format!("{pkg}.js"), format!("{pkg}{wasm_suffix}.wasm"));
    // As Leptos's own does in islands mode: outside islands nothing hydrates, so resources
    // are not written into the page a second time as JSON.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let script = format!(
        "({})({js:?}, {wasm:?});",
        include_str!("island_loader.js").trim_end()
    );
    view! {
        <link rel="modulepreload" href=js.clone() />
        // `crossorigin` so the preload is the request wasm-bindgen's `fetch` makes.
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
        <script nonce=nonce>{script}</script>
    }
}
