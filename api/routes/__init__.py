"""The routers, one module per resource; ``api.main`` lists which are public."""
