"""Every family of passes; importing this package registers them all.

One module per family, each pass a pure function registered by decorator:

* ``furniture`` CL1xx: phrase-list rules for site furniture
* ``user``      CL199: the user's own patterns
* ``head``      CL2xx: head-of-article heuristics (title, date, byline, captions)
* ``tail``      CL3xx: teaser blocks and tail sections
* ``page``      CL4xx: the article body of a whole page (line classifier with context)
* ``profile``   CL7xx: boilerplate learned from the corpus (``cleaner learn``)
"""

from . import furniture, head, page, profile, tail, user  # noqa: F401
from . import residual  # noqa: F401  (CL5xx: residual furniture in extracted text)
