from django.contrib import admin

from pcmt.population.models import PopulationFigure


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ["commune", "village", "year", "residents", "as_of", "source"]
    list_filter = ["year"]
    search_fields = ["commune__name", "commune__code", "village__name"]
    raw_id_fields = ["commune", "village"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
