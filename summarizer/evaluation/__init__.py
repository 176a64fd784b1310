"""The eval suite: gold annotations, matching, metrics, reports and the regression gate (``crc eval``)."""
