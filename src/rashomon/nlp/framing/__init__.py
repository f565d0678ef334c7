"""nlp/framing"""
