"""EADR Station: appraisals, CPD and training records for ambulance station managers."""

__version__ = "0.1.0"
APP_NAME = "EADR Station"
