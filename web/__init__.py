"""The map pages: the Folium builder (``pages``), the vendored offline assets (``assets``,
``vendor_assets``), the words in gettext catalogues (``i18n``, ``locale/``), the vocabularies
and styles handed to the page script (``vocab``, ``styles``) and the ES-module script itself
(``static/js``). It may import ``izagis`` (never ``api``); the script has no vocabularies of its
own and reaches the server only through its one API client (``static/js/api.js``).
"""
