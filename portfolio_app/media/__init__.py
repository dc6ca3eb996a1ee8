"""Media import, probing, thumbnails, trim and transcode (PyAV), faces (OpenCV). No Qt widgets."""
