"""nlp/narratives"""
