"""The generated index of organizations and dates (issue 6).

`index_transform(doc, options)` wraps every mention in a `model.Mention` and fills `doc.index`;
`index_json(doc)` gives the same findings for `reportgen index --json`. See docs/index.md.
"""

from .build import find_mentions, index_json, index_transform

__all__ = ["find_mentions", "index_json", "index_transform"]
