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
