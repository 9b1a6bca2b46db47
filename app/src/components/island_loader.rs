//! The page's hydration scripts in islands mode, in place of Leptos's `HydrationScripts`:
//! the same files, loaded without waiting for the browser to be idle (see
//! `island_loader.js`).

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
