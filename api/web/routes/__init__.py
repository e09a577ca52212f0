"""Page routers, one module per audience or workflow step."""
