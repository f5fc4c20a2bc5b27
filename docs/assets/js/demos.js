// Interactive demos (filled in by chapter demos).
