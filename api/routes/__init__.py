"""HTTP routes, one module per resource; ``api.app`` mounts them."""
