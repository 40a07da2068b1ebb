"""Drives Ward's TAXII 2.1 server with the OASIS taxii2-client, as a partner's platform would.

Usage: taxii2client-run.py BASE_URL USER [USER ...]; each user's API token in the environment as
TOKEN_<user>. For each user: discovery, the default API root, every collection, every object and
manifest entry through `as_pages` (2 per page), one object and its versions. Then, with
ADD_TO=<user>, that user posts ADD_ENVELOPE (JSON) to its writable collection and reads the status back.
Prints one JSON document; any rejection by the client raises and exits non-zero.
"""
import json
import os
import sys

from taxii2client.v21 import Server, as_pages


def plain(response):
    """A TaxiiResponse as the dict it wraps."""
    return response.json() if hasattr(response, "json") else response


def pages(func, **kwargs):
    out = []
    count = 0
    for envelope in as_pages(func, per_request=2, **kwargs):
        count += 1
        out.extend(plain(envelope).get("objects", []))
    return out, count


def run(base, user):
    token = os.environ["TOKEN_" + user]
    server = Server(base + "/taxii2/", user=user, password=token)
    root = server.default
    result = {
        "title": server.title,
        "api_roots": [r.url for r in server.api_roots],
        "default": root.url,
        "root": {"title": root.title, "versions": root.versions, "max_content_length": root.max_content_length},
        "collections": [],
    }
    for collection in root.collections:
        objects, object_pages = pages(collection.get_objects)
        manifest, manifest_pages = pages(collection.get_manifest)
        entry = {
            "id": collection.id,
            "title": collection.title,
            "can_read": collection.can_read,
            "can_write": collection.can_write,
            "objects": objects,
            "object_pages": object_pages,
            "manifest": manifest,
            "manifest_pages": manifest_pages,
        }
        if objects:
            first = objects[0]["id"]
            entry["one"] = plain(collection.get_object(first)).get("objects", [])
            entry["versions"] = plain(collection.object_versions(first)).get("versions", [])
            entry["filtered"] = plain(collection.get_objects(type="indicator", id=first)).get("objects", [])
        result["collections"].append(entry)
    return result


def add(base, user):
    """Posts ADD_ENVELOPE to the user's first writable collection; its status, and read again."""
    server = Server(base + "/taxii2/", user=user, password=os.environ["TOKEN_" + user])
    root = server.default
    writable = [c for c in root.collections if c.can_write]
    status = writable[0].add_objects(os.environ["ADD_ENVELOPE"], wait_for_completion=True, poll_interval=0.2, timeout=10)
    again = root.get_status(status.id)
    return {
        "collection": writable[0].id,
        "status": status.status,
        "total_count": status.total_count,
        "success_count": status.success_count,
        "failure_count": status.failure_count,
        "successes": status.successes,
        "failures": status.failures,
        "status_again": again.status,
    }


if __name__ == "__main__":
    base = sys.argv[1]
    results = {user: run(base, user) for user in sys.argv[2:]}
    if os.environ.get("ADD_TO"):
        results[os.environ["ADD_TO"]]["added"] = add(base, os.environ["ADD_TO"])
    print(json.dumps(results))
