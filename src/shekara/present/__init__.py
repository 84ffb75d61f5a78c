"""Presentation shared by the report and the dashboard: one language type and formatter,
one map model (projection, outlines, classification, legend), one chart layer.

Faces (``report``, ``web.pages``) draw with these; services never import them.

* :mod:`shekara.present.projection` — Albers equal-area projection, viewport, SVG paths;
* :mod:`shekara.present.mapmodel` — which outline stands for which region in a year,
  equal-interval classes and their legend labels;
* :mod:`shekara.present.fmt` — numbers, dates and units for kk, ru and en (Babel).
"""
