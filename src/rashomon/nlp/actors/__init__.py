"""nlp/actors"""
