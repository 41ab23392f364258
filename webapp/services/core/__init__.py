"""Ground floor of the services: errors, who may see what, the audit trail, the physio's flags.

May import: models, domain, db. Every other room may import from here.
"""
