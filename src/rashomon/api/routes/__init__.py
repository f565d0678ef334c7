"""The HTTP API's routes, one router per resource: the page, documents, claims, actors
and the graph (``create_app`` includes them in this order)."""
