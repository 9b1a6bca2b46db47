// The catalogue embeds every `.ftl` file under `locales/`; a new file must rebuild it too.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
