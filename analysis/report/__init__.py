"""The report layer: run the notebooks and give them what they show.

* :mod:`.runner` -- report jobs (papermill, nbconvert HTML, WeasyPrint PDF), the index;
* :mod:`.views` -- the per-article view and the actor profile, built from the tables;
* :mod:`.display` -- notebook tables, headings and highlighted text (article text escaped);
* :mod:`.plots` -- the figures;
* ``templates/`` -- the reports' HTML template (self-contained, no CDN).

Imports only the layers before it; :mod:`analysis.cli` comes after.
"""
