// Loads the WASM and hydrates the page's islands. Leptos's own island script waits for the
// browser's first idle moment before it even imports the module, and walks the whole
// document element by element; this one starts fetching and compiling while the HTML is
// still being parsed, and visits only the islands.
((jsUrl, wasmUrl) => {
	const parsed = new Promise((resolve) => {
		if (document.readyState === "loading") {
			document.addEventListener("DOMContentLoaded", resolve, { once: true });
		} else {
			resolve();
		}
	});
	const started = import(jsUrl).then((mod) =>
		mod.default({ module_or_path: wasmUrl }).then(() => mod),
	);
	Promise.all([started, parsed]).then(async ([mod]) => {
		mod.hydrate();
		// In document order, so an island inside another's children comes after it; the
		// enclosing island's children then set up its context first, as Leptos expects.
		for (const island of document.querySelectorAll("leptos-island")) {
			const enclosing = island.parentElement?.closest("leptos-children");
			enclosing?.$$on_hydrate?.();
			const hydrateIsland = mod[island.dataset.component];
			if (hydrateIsland) {
				await hydrateIsland(island);
			} else {
				console.warn(`No WASM function for the island ${island.dataset.component}.`);
			}
		}
	});
})
