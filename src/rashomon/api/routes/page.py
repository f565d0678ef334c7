"""The web page: one HTML file for every page path, and the map's renderer."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

STATIC = resources.files("rashomon.api").joinpath("static")
# vis-network, as the pyvis package ships it (a dependency: see pyproject.toml)
VIS_NETWORK = resources.files("pyvis").joinpath("lib", "vis-9.1.2", "vis-network.min.js")
PAGES = ("/", "/documents/{doc_id:path}", "/actors/{name:path}", "/contradictions",
         "/compare", "/upload")

router = APIRouter()
_INDEX_HTML = STATIC.joinpath("index.html").read_text("utf-8")


def page() -> HTMLResponse:
    return HTMLResponse(_INDEX_HTML, headers={"Cache-Control": "no-cache"})


for _path in PAGES:
    router.add_api_route(_path, page, methods=["GET"], include_in_schema=False,
                         response_class=HTMLResponse)


@router.get("/vendor/vis-network.min.js", include_in_schema=False)
def vis_network() -> Response:
    """The map's renderer, served from the installed pyvis package (never copied here)."""
    return Response(VIS_NETWORK.read_bytes(), media_type="text/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})
