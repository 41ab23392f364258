"""The exercise library: the catalogue from TOML, physios' own exercises, videos and uploads.

May import: core, models, domain, media.
"""
