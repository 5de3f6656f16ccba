"""Retention norms in the catalogue rest on the EDPB video guidelines 3/2019
(para. 121) and national public-sector limits, not on private-sector rules
(issue #14 correction 10)."""

PRIVATE_SECTOR_RULES = {"at_dsg_13", "dsk_video_retention"}


def test_no_catalogue_text_rests_on_a_private_sector_retention_rule(bundle):
    cited = []
    for technology in bundle.technologies:
        for criterion, score in technology.scores.items():
            cited += [f"{technology.id}.scores.{criterion}" for s in score.sources if s in PRIVATE_SECTOR_RULES]
        for configuration in technology.configurations:
            cited += [f"{technology.id}.configurations.{configuration.id}" for s in configuration.sources if s in PRIVATE_SECTOR_RULES]
    assert not cited, cited


def test_the_retention_configurations_cite_the_edpb_guidelines(bundle):
    technologies = {t.id: t for t in bundle.technologies}
    for technology_id in ("fixed_cctv", "cctv_control_room"):
        configuration = next(c for c in technologies[technology_id].configurations if c.id == "retention_72h")
        assert "edpb_3_2019" in configuration.sources
        for language in ("en", "fr", "de", "it"):
            assert "121" in configuration.rationale.get(language), (technology_id, language)
