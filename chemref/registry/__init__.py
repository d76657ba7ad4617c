"""The registry: the typed records (``models``), their values (``dates``, ``cas``), finding and loading the
files (``paths``, ``load``, ``compiled``), looking chemicals and jurisdictions up (``names``,
``jurisdictions``) and the canonical form (``canonical``). Everything else in chemref stands on this;
nothing here imports another chemref package."""
