"""Benchmarks of mythcheck: speed, memory and accuracy beside two baselines a
practitioner would pick instead, measured in one run (``mythcheck bench``).

A measuring tool beside the three floors, not a floor of its own: it imports
``claims`` and ``model``, never ``service``; it reaches the service the way a
user does, by starting ``python -m service serve`` and sending it HTTP. Every
measurement that could disturb another (memory, threads, imports) runs in its
own subprocess, and every loop is bounded in count and in time.
"""
