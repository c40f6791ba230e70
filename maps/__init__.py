"""The live dispatch map: a folium page shown in QtWebEngine and kept live over QWebChannel.

Modules: ``assets`` (local files, never a CDN), ``basemap`` (offline district and road data,
no Qt), ``theme`` (night and day colours), ``page`` (builds the folium page), ``bridge`` (the
QWebChannel object), ``batch`` (coalesced updates), ``drop`` (call drops from the queue),
``view`` (``MapView``) and ``bench`` (the map benchmark).
"""
